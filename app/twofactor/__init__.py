"""Two-factor sign-in for staff (docs/twofactor.md): time-based one-time codes (RFC 6238) from an
authenticator app, enrolled with a QR code shown once, and single-use recovery codes."""
