"""Sleutelfiguren: the people who make the difference in a wijk, registered by role, with
consent, for support — never a register of residents (see ``docs/sleutelfiguren.md``)."""
