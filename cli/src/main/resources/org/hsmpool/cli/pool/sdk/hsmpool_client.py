# A client of the hsmpool pool at @URL@ with the official Azure SDK for Python (azure-keyvault-keys and
# azure-keyvault-administration; on Debian: apt-get install python3-azure).
# Run it:
#   eval "$(hsmpool env)"      # HSMPOOL_TOKEN: the pool's bearer token stands in for an Entra ID token
#   python3 hsmpool_client.py
import os
import time

from azure.core.credentials import AccessToken
from azure.keyvault.administration import KeyVaultSettingsClient
from azure.keyvault.keys import KeyClient


class PoolToken:
    def get_token(self, *scopes, **kwargs):
        return AccessToken(os.environ["HSMPOOL_TOKEN"], int(time.time()) + 3600)


# verify_challenge_resource=False: the pool is not *.managedhsm.azure.net; connection_verify: its CA
keys = KeyClient("@URL@", PoolToken(), verify_challenge_resource=False, connection_verify="@CA@")
count = 0
for key in keys.list_properties_of_keys():
    print(key.name)
    count += 1
print(f"{count} keys in @URL@")

# the pool's settings (Managed HSM's KeyVaultSettingsClient; reading them needs the Administrator role)
settings = KeyVaultSettingsClient("@URL@", PoolToken(), verify_challenge_resource=False, connection_verify="@CA@")
for setting in settings.list_settings():
    print(f"setting {setting.name}={setting.value}")
