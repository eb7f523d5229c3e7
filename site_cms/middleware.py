from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends the site's Content-Security-Policy on every public response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(settings.CONTENT_SECURITY_POLICY_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
