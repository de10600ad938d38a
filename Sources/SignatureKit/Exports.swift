// The domain types are part of SignatureKit's API: front ends import SignatureKit and see them.
@_exported import SignatureKitDomain
