"""Security headers on every response: a strict Content-Security-Policy and its companions.

The portal loads nothing from other hosts and runs no inline script or style (the design system's
CSS and our two scripts are files under /static), so the policy allows only this origin. HSTS only
where cookies are secure (production behind HTTPS): a development server on http must stay reachable.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # The design system's icons are data: URIs in its CSS.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Signed links carry tokens in their path: never send them to another site. Same-origin requests keep
    # the Referer, which Flask-WTF's CSRF check needs over HTTPS.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def register_security_headers(app: Flask) -> None:
    strict_transport = app.config.get("SESSION_COOKIE_SECURE", False)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if strict_transport:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
