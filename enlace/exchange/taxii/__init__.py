"""A TAXII 2.1 server over the alerts: discovery, one API root, collections, objects, manifest, versions."""
