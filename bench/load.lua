-- wrk script for bench/submit.py.
--
-- Without BENCH_FORM_BODY in the environment wrk sends its plain GET, as
-- prepared once. With it, every request is a POST of that url-encoded body
-- plus an e-mail address unique per thread and request, sent with the
-- session cookie from BENCH_SESSION_COOKIE (the cookie holds the CSRF token
-- the body carries).
--
-- done() prints one line "BENCH_RESULT {json}" with the figures the Python
-- side reads; latencies are in microseconds.

local form_body = os.getenv("BENCH_FORM_BODY")
local session_cookie = os.getenv("BENCH_SESSION_COOKIE")
local thread_count = 0
local sent = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("thread_id", thread_count)
end

if form_body then
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
   wrk.headers["Cookie"] = "session=" .. (session_cookie or "")

   function request()
      sent = sent + 1
      local email = string.format("bench-%d-%d%%40example.org", thread_id or 0, sent)
      return wrk.format(nil, nil, nil, form_body .. "&email=" .. email)
   end
end

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, '
         .. '"p50_us": %.0f, "p75_us": %.0f, "p90_us": %.0f, "p95_us": %.0f, "p99_us": %.0f, '
         .. '"mean_us": %.0f, "max_us": %.0f, "non_2xx_3xx": %d, '
         .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50.0), latency:percentile(75.0), latency:percentile(90.0),
      latency:percentile(95.0), latency:percentile(99.0), latency.mean, latency.max,
      errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
