"""``acupress serve``: the app for anyone who can type ``ssh`` or open a browser.

Needs the ``serve`` extra (asyncssh, textual-serve). Every person gets their own
app process on their own pseudo-terminal, with their own folder under the
server's data directory. Modules:

- :mod:`tui.serve.limits`: the numbers that hold under abuse (sessions, rates, sizes, idle).
- :mod:`tui.serve.session`: one app process on one pty, and the folders and environment it gets.
- :mod:`tui.serve.keys`: the host key, and the people in the authorized-keys file.
- :mod:`tui.serve.ssh`: the SSH server (asyncssh).
- :mod:`tui.serve.web`: the browser server (textual-serve); :mod:`tui.serve.guest` runs
  each browser session as a guest.

Importing this package imports nothing else.
"""
