"""Sign-off and release: the last stage, run by people, never by the workflow.

`sign-off` records who checked an edition against the exact digests of its manifests
(signoff.py); `release` copies a fully signed edition into releases/, with the sign-off printed
in the released report (release.py). See docs/releasing.md.
"""
