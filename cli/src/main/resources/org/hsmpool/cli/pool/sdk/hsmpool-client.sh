# The hsmpool pool at @URL@ with the az CLI. 'az keyvault key ...' signs in to Microsoft Entra ID
# and cannot take the pool's own token, so this uses 'az rest' with the pool's bearer token and CA.
# Run it:
#   eval "$(hsmpool env)"      # HSMPOOL_TOKEN: the pool's bearer token
#   bash hsmpool-client.sh
REQUESTS_CA_BUNDLE='@CA@' az rest --method get --skip-authorization-header \
    --headers "Authorization=Bearer $HSMPOOL_TOKEN" \
    --url '@URL@/keys?api-version=7.5' --query 'value[].kid' --output tsv
