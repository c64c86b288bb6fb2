"""The directory of community services (docs/directory.md): Open Referral HSDS 3.1 tables with
English and French for every human-readable field, imported from data, searched by navigators
and the public."""
