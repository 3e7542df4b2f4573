// A client of the hsmpool pool at @URL@ with the official Azure SDK for JavaScript.
// Run it (Node.js 20+):
//   npm install @azure/keyvault-keys
//   eval "$(hsmpool env)"      # HSMPOOL_TOKEN: the pool's bearer token stands in for an Entra ID token
//   NODE_EXTRA_CA_CERTS='@CA@' node hsmpool-client.mjs
import { KeyClient } from "@azure/keyvault-keys";

const poolToken = {
  getToken: async () => ({ token: process.env.HSMPOOL_TOKEN, expiresOnTimestamp: Date.now() + 3600 * 1000 }),
};
// the pool is not *.managedhsm.azure.net
const keys = new KeyClient("@URL@", poolToken, { disableChallengeResourceVerification: true });
let count = 0;
for await (const key of keys.listPropertiesOfKeys()) {
  console.log(key.name);
  count++;
}
console.log(`${count} keys in @URL@`);
