"""Enlace: the secure cooperation platform of the CICTE Secretariat and its member states."""
