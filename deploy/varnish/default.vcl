# Varnish in front of the app servers (VCL 4.1, Debian's varnish 7.x).
#
#   varnishd -F -a :6081 -f /etc/varnish/default.vcl -p vcl_path=/etc/varnish -s malloc,256m
#
# The app decides what is kept: only responses marked public (public pages, feeds, sitemap,
# open data, static files), for their s-maxage (a day when the app is configured to purge
# this Varnish: FRONTEND_CACHE_PURGE_URLS=http://<this host>:6081). Never kept: anything
# with Set-Cookie, private, no-store or no-cache, no Cache-Control at all (errors,
# redirects), the admin, POSTs, requests of logged-in editors (session cookie).
#
# PURGE <path> (from the purgers ACL only, sent straight to Varnish) bans that path with
# any query string (?page=2, explorer filters, oEmbed's ?url=), whatever the Host;
# PURGE /* bans everything.
#
# The app sees the reader's address as the last entry of X-Forwarded-For, which Varnish
# appends: run the app with TRUSTED_PROXY_COUNT=1 behind it (2 with a TLS proxy before it).

vcl 4.1;

import std;

include "backends.vcl";

# Who may purge: this machine and the private networks the app servers live on (a compose
# network, a VPC). Narrow the ranges to your servers' addresses when you can.
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
    "fc00::"/7;
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        # Straight from a purger only. Varnish has added the sender's address to
        # X-Forwarded-For: a request that came through nginx or a load balancer carries two
        # addresses or more, and the proxy's own address is in the ACL, so without this
        # anyone could purge through it.
        if (client.ip !~ purgers || req.http.X-Forwarded-For ~ ",") {
            return (synth(405, "Purging is not allowed from this address."));
        }
        if (req.url == "/*") {
            ban("obj.http.x-path ~ ^/");
        } else {
            ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        }
        return (synth(200, "Purged."));
    }

    # The answer of "/" (and of the language-negotiated permalinks) depends only on whether
    # the reader prefers Italian or English: keep just that.
    if (req.http.Accept-Language ~ "(?i)\b(it|en)\b") {
        set req.http.Accept-Language = regsub(req.http.Accept-Language, "(?i)^.*?\b(it|en)\b.*$", "\1");
        set req.http.Accept-Language = std.tolower(req.http.Accept-Language);
    } else {
        unset req.http.Accept-Language;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)(/|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Editors, readers who unlocked a password-protected page, messages after a form.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Public pages read no cookie (csrftoken, django_language...): without them every
    # reader shares one copy despite "Vary: Cookie". A form page sets a fresh CSRF cookie
    # and is not kept.
    unset req.http.Cookie;

    # While an app server answers, a copy may be served at most 10 s past its time while
    # a fresh one is fetched; when none answers, any copy within grace (6 h).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    # What a PURGE bans by (the path without its query string).
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");

    # An app server that fails: ask the other once.
    if (beresp.status >= 500 && bereq.retries < 1 && bereq.method ~ "^(GET|HEAD)$") {
        return (retry);
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "public"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        # Not kept; remembered as such for a while so requests are not queued behind it.
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    # The TTL comes from s-maxage (else max-age), as the app sends it.
    set beresp.grace = 6h;
    return (deliver);
}

sub vcl_backend_error {
    # Connection refused or timed out: try the other app server once.
    if (bereq.retries < 1) {
        return (retry);
    }
}

sub vcl_deliver {
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
