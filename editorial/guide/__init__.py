"""The editor's guide inside the admin: how to write, attach, translate and publish."""
