// Smoke test of the Azure SDK for JavaScript against an hsmpool pool (issue 5; run by JsSdkSmokeIT).
//
// Environment: HSMPOOL_URL (https://host:port), HSMPOOL_TOKEN (a bearer token of the pool),
// HSMPOOL_KEY_NAME (the keys are <name>-ec and <name>-rsa). The pool's CA comes in through
// NODE_EXTRA_CA_CERTS; TLS verification stays on.
//
// Creates an EC P-256 and an RSA-2048 key, signs a SHA-256 digest (ES256, RS256, PS256) through
// the CryptographyClient, verifies in the pool and locally with node:crypto from the returned JWK,
// checks that a tampered signature fails both ways, reads the keys back. Progress goes to stderr;
// stdout gets exactly one line, the JSON summary, also on failure (with the failing step and the
// last exchange that went wrong). Exit code 0 only if every check held.

import { createHash, createPublicKey, verify as verifyLocally, constants } from "node:crypto";
import { createDefaultHttpClient } from "@azure/core-rest-pipeline";
import { CryptographyClient, KeyClient } from "@azure/keyvault-keys";

const url = requireEnv("HSMPOOL_URL");
const token = requireEnv("HSMPOOL_TOKEN");
const baseName = requireEnv("HSMPOOL_KEY_NAME");

const summary = { ok: false, node: process.version, url, keys: [], signatures: [], tokenRequests: [], wire: [] };
let step = "start";

/** A credential that hands out the pool's static token and remembers what the SDK asked for. */
const credential = {
  async getToken(scopes, options = {}) {
    summary.tokenRequests.push({ scopes: [].concat(scopes), tenantId: options.tenantId ?? null,
      enableCae: options.enableCae ?? false });
    return { token, expiresOnTimestamp: Date.now() + 3600_000 };
  },
};

/** The SDK's own HTTP client, wrapped to record every exchange as it goes on the wire. */
const transport = createDefaultHttpClient();
const httpClient = {
  async sendRequest(request) {
    const entry = { step, method: request.method, url: request.url.replace(url, ""),
      authorization: request.headers.has("authorization"), requestBytes: bodyLength(request.body) };
    summary.wire.push(entry);
    const response = await transport.sendRequest(request);
    entry.status = response.status;
    if (response.status === 401) {
      entry.challenge = response.headers.get("www-authenticate") ?? null;
    } else if (response.status >= 400) {
      entry.requestBody = typeof request.body === "string" ? request.body : null;
      entry.responseBody = response.bodyAsText ?? null;
    }
    return response;
  },
};

// No retries, so that a 5xx shows up as the failure it is (as in the Java SDK tests).
const clientOptions = { disableChallengeResourceVerification: true, httpClient, retryOptions: { maxRetries: 0 } };

try {
  const keys = new KeyClient(url, credential, clientOptions);

  step = "create EC P-256 key";
  const ec = await keys.createEcKey(`${baseName}-ec`, { curve: "P-256", hsm: true });
  check(ec.keyType === "EC-HSM", `EC key type ${ec.keyType}`);
  check(ec.key.crv === "P-256", `EC curve ${ec.key.crv}`);
  check(ec.key.x?.length === 32 && ec.key.y?.length === 32, "EC coordinates are not 32 bytes");
  check(ec.key.d === undefined, "EC key shows private material");

  step = "create RSA-2048 key";
  const rsa = await keys.createRsaKey(`${baseName}-rsa`, { keySize: 2048, hsm: true });
  check(rsa.keyType === "RSA-HSM", `RSA key type ${rsa.keyType}`);
  check(rsa.key.n?.length === 256, `RSA modulus of ${rsa.key.n?.length} bytes`);
  check(b64url(rsa.key.e) === "AQAB", `RSA exponent ${b64url(rsa.key.e)}`);
  check(rsa.key.d === undefined, "RSA key shows private material");

  for (const key of [ec, rsa]) {
    summary.keys.push({ name: key.name, id: key.id, version: key.properties.version, kty: key.keyType,
      keyOps: key.keyOperations, x: b64url(key.key.x), n: b64url(key.key.n) });
  }

  const message = Buffer.from(`hsmpool js smoke ${baseName}`);
  const digest = createHash("sha256").update(message).digest();
  for (const [key, alg, length] of [[ec, "ES256", 64], [rsa, "RS256", 256], [rsa, "PS256", 256]]) {
    step = `${alg} with ${key.name}`;
    const crypto = new CryptographyClient(key.id, credential, clientOptions);
    const signed = await crypto.sign(alg, digest);
    check(signed.keyID === key.id, `sign answered for ${signed.keyID}`);
    check(signed.result.length === length, `${alg} signature of ${signed.result.length} bytes, not ${length}`);

    const inPool = await crypto.verify(alg, digest, signed.result);
    check(inPool.result === true, `${alg}: the pool did not verify its own signature`);
    const here = localVerify(key.key, alg, message, signed.result);
    check(here, `${alg}: node:crypto did not verify the pool's signature with the returned JWK`);

    const tampered = Buffer.from(signed.result);
    tampered[tampered.length >> 1] ^= 0x01;
    const tamperedInPool = await crypto.verify(alg, digest, tampered);
    check(tamperedInPool.result === false, `${alg}: the pool verified a tampered signature`);
    check(!localVerify(key.key, alg, message, tampered), `${alg}: node:crypto verified a tampered signature`);

    summary.signatures.push({ key: key.name, alg, digest: b64url(digest), signature: b64url(signed.result),
      verifiedInPool: true, verifiedLocally: true, tamperedRejected: true });
    log(`${alg} with ${key.name}: signed, verified in the pool and locally, tampered signature rejected`);
  }

  for (const key of [ec, rsa]) {
    step = `get ${key.name}`;
    const latest = await keys.getKey(key.name);
    check(latest.id === key.id, `latest version of ${key.name} is ${latest.id}, not ${key.id}`);
    const byVersion = await keys.getKey(key.name, { version: key.properties.version });
    check(byVersion.id === key.id, `version read of ${key.name} answered ${byVersion.id}`);
    const same = key.keyType === "RSA-HSM" ? b64url(byVersion.key.n) === b64url(key.key.n)
      : b64url(byVersion.key.x) === b64url(key.key.x) && b64url(byVersion.key.y) === b64url(key.key.y);
    check(same, `public key of ${key.name} read back differs from the one created`);
  }

  step = "done";
  summary.ok = true;
} catch (e) {
  summary.failedStep = step;
  summary.error = { name: e?.name, message: e?.message, statusCode: e?.statusCode, code: e?.code };
  log(`FAILED at "${step}": ${e?.stack ?? e}`);
}
process.stdout.write(JSON.stringify(summary) + "\n");
process.exitCode = summary.ok ? 0 : 1;

function localVerify(jwk, alg, message, signature) {
  const publicKey = createPublicKey({ format: "jwk", key: jwk.kty.startsWith("EC")
    ? { kty: "EC", crv: jwk.crv, x: b64url(jwk.x), y: b64url(jwk.y) }
    : { kty: "RSA", n: b64url(jwk.n), e: b64url(jwk.e) } });
  const options = alg === "ES256" ? { key: publicKey, dsaEncoding: "ieee-p1363" }
    : alg === "PS256" ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
    : { key: publicKey, padding: constants.RSA_PKCS1_PADDING };
  return verifyLocally("sha256", message, options, signature);
}

function check(condition, failure) {
  if (!condition) {
    throw new Error(failure);
  }
}

function b64url(bytes) {
  return bytes === undefined ? undefined : Buffer.from(bytes).toString("base64url");
}

function bodyLength(body) {
  if (body === undefined || body === null) {
    return 0;
  }
  return typeof body === "string" ? Buffer.byteLength(body) : "stream";
}

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    process.stdout.write(JSON.stringify({ ok: false, failedStep: "start", error: { message: `${name} is not set` } }) + "\n");
    process.exit(2);
  }
  return value;
}

function log(line) {
  process.stderr.write(line + "\n");
}
