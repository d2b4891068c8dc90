"""django-axes' lockout check, for sign-ins that come with a web request."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses locked-out users and addresses before ModelBackend hashes the password.

    Sign-ins without a request (the shell, management commands, the test
    client's login()) have no address to lock and are not guessing over the
    network; axes would refuse them outright, so they go straight to ModelBackend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
