"""The change report: which published numbers a rebuild changed, against the previous build's."""
