# The app servers behind Varnish, included by default.vcl. Replace this file to change
# them (the topology test writes its own, with 127.0.0.1 ports, in a folder it puts first
# in vcl_path). Whatever it lists, it must create the director "app" in vcl_init.
#
# The probe asks /healthz/serving/ (200 when the server can give readers pages: its database
# answers). Not /healthz/, which also fails while Redis is away: pages still render then,
# uncached, and a Redis outage must not take both servers out of the pool. It sends
# "Host: localhost": keep localhost in ALLOWED_HOSTS, or a probe gets Django's 400.

import directors;

probe healthz {
    .request =
        "GET /healthz/serving/ HTTP/1.1"
        "Host: localhost"
        "Connection: close"
        "User-Agent: varnish-probe";
    .expected_response = 200;
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

backend web1 {
    .host = "web1";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

backend web2 {
    .host = "web2";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(web1);
    app.add_backend(web2);
}
