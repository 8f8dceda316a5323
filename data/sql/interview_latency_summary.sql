-- interview_latency_summary: every figure of the Interview Latency dashboard,
-- computed where the rows are, so the app downloads results instead of rows.
--
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Install: paste this file into the Supabase SQL editor and run it, or add it
-- as a migration (supabase migration new interview_latency_summary, then copy
-- this file into the new migration). Running it again updates the function.
-- For large tables also create the index the app pages by:
--   create index on public.interview_latency_metrics (created_at, metric_id);
--
-- Call: select public.interview_latency_summary(created_min => now() - interval '30 days');
-- or POST /rest/v1/rpc/interview_latency_summary {"created_min": "2026-01-01T00:00:00Z"}.
--
-- Arguments (all optional):
--   created_min, created_max  rows with created_min <= created_at < created_max;
--                             both null: every row, null created_at included
--   trend_bucket              '5 min', '15 min', 'hour' or 'day'
--   time_zone                 the zone of every time bucket (trend, days, hours)
--   histogram_step            the latency histogram of this step only (null: all)
--   session_limit             at most this many sessions in "sessions" (null: all);
--                             the slowest/fastest lists and the totals always see all
--
-- Figures follow pandas: percentile_cont is its linear interpolation, stddev_samp
-- its ddof=1 std, and latency_ms is read as double precision as pandas does.
-- Each step's latencies are sorted once; the percentiles (percentile_cont's
-- own interpolation, bit for bit), whiskers, outliers and histogram read
-- ranks from them. They are held in memory: the call's peak is 60 to 100
-- bytes per row of the range (an array holds at most 134 million values:
-- a range with more rows of one step fails).
-- The range is read three times by parallel workers when there are any:
-- the rows for the steps, turns, statuses and days, which the leader groups
-- as they come; the sessions, which the workers group themselves; the error
-- rows. Nothing is stored on the way. Sums add up in an order that can
-- change from call to call, so the last digits of sums and means may differ
-- between two calls on the same rows.
-- Timestamps are integers, microseconds since 1970-01-01 UTC ("_us").
-- "version" tells the app which JSON it reads; it goes up with every change of
-- the JSON, and an app that needs a newer one asks for this file to be run again.
--
-- security invoker: row level security applies exactly as it does to the table.

create or replace function public.interview_latency_summary(
  created_min    timestamptz default null,
  created_max    timestamptz default null,
  trend_bucket   text default 'day',
  time_zone      text default 'UTC',
  histogram_step text default null,
  session_limit  integer default null)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
set extra_float_digits = 3
-- compiling this large query costs seconds and saves less than that
set jit = off
-- rows arrive in created_at order, so a range is a contiguous run of the
-- table: read it through the index rather than scanning the whole table
set random_page_cost = 1.1
-- each step's latencies (about 12 MB to sort per million values of a step)
-- are sorted in memory (32 or 64 MB save nothing more)
set work_mem = '16MB'
-- the latencies the cells collect (about 18 bytes a row) count against the
-- hash table's limit: with 256 MB instead of 32, ranges up to about 14
-- million rows keep every cell in memory, where later days' cells spilled
-- to temporary files; the sessions' grouping (each worker's and the
-- leader's) spills past the same limit
set hash_mem_multiplier = 16
-- parallel workers read the range even where the planner would not expect
-- them to pay for their start
set parallel_setup_cost = 0
set parallel_tuple_cost = 0
-- the latencies' grouping hashes the rows as they come; the planner, which
-- cannot count the days, would rather have the workers sort them for a merge
set enable_gathermerge = off
-- the leader groups what the workers read: reading too would only delay
-- that, and the shared pages it would touch add to its memory
set parallel_leader_participation = off
as $function$
declare
  width interval;
  result jsonb;
begin
  width := case trend_bucket
             when '5 min' then interval '5 minutes'
             when '15 min' then interval '15 minutes'
             when 'hour' then interval '1 hour'
             when 'day' then interval '1 day'
           end;
  if width is null then
    raise exception using
      errcode = '22023',
      message = format('unknown trend bucket %L', trend_bucket),
      hint = 'Use ''5 min'', ''15 min'', ''hour'' or ''day''.';
  end if;
  if session_limit is not null and session_limit < 0 then
    raise exception using errcode = '22023', message = 'session_limit must not be negative';
  end if;

  -- run as dynamic SQL: PL/pgSQL runs a static "select ... into" without
  -- parallel workers, an "execute" with them.
  -- $1 created_min, $2 created_max, $3 trend_bucket, $4 time_zone,
  -- $5 histogram_step, $6 session_limit, $7 the trend bucket's width
  execute $query$
  with
  -- one pass for the steps and every small grouping: steps x turns x
  -- statuses x days with each cell's latencies, straight from the range:
  -- parallel workers read and convert the rows, the leader groups them as
  -- they arrive (nothing stored; the rows are read again for the sessions and
  -- for the errors, which costs the workers less than storing them cost the
  -- leader)
  cube as materialized (
    select r.step, r.turn, r.status, r.d,
           count(*) as n, sum(r.lat) as total,
           array_agg(r.lat) filter (where r.lat is not null) as a
    from (select m.step_name collate "C" as step,
                 m.turn_number as turn,
                 m.status,
                 m.latency_ms::float8 as lat,
                 date_trunc('day', m.created_at at time zone $4) as d
          from public.interview_latency_metrics m
          where ($1 is null or m.created_at >= $1)
            and ($2 is null or m.created_at < $2)
          -- keeps the subquery whole, so that the workers convert the
          -- latencies instead of handing the numerics up for the leader
          offset 0) r
    group by r.step, r.turn, r.status, r.d
  ),
  -- per step, in byte order of the name
  sa0 as (
    select step,
           sum(n)::bigint as n,
           coalesce(sum(n) filter (where status = 'success'), 0)::bigint as n_success,
           coalesce(sum(n) filter (where status = 'error'), 0)::bigint as n_error
    from cube
    group by step
  ),
  -- each step's latencies, gathered from its cells and sorted once;
  -- materialized: each reference below would sort again
  so as materialized (
    select sa0.step,
           (select array_agg(u.l order by u.l)
            from (select unnest(c.a) as l from cube c where c.step = sa0.step) u) as v
    from sa0
  ),
  -- sum, mean and std from the sorted values: a pass over an array instead
  -- of the rows
  sa as (
    select a.step, a.n, a.n_success, a.n_error, m.total, m.mean, m.std,
           o.v[1] as mn, o.v[cardinality(o.v)] as mx
    from sa0 a join so o using (step)
      cross join lateral (select sum(u.l) as total, avg(u.l) as mean, stddev_samp(u.l) as std
                          from (select unnest(o.v) as l) u) m
  ),
  -- each step's latencies sorted once: percentiles, whiskers, outliers, the
  -- overall P95 and the histogram read ranks from it instead of sorting or
  -- reading the rows again
  sv as (
    select x.step, x.v, cardinality(x.v) as nv,
           -- percentile_cont's own arithmetic on the sorted values, bit for
           -- bit: k = p (n - 1); v[floor k] + (k - floor k) (v[ceil k] - v[floor k])
           -- (1-based below), no interpolation when k is whole; null without values
           case when cardinality(x.v) > 0 then
             array(select case when p.f = p.c then x.v[p.f + 1]
                               else x.v[p.f + 1] + (p.k - p.f) * (x.v[p.c + 1] - x.v[p.f + 1])
                          end
                   from (select k.k, floor(k.k)::bigint as f, ceil(k.k)::bigint as c, k.o
                         from unnest(array[0.25, 0.5, 0.75, 0.9, 0.95, 0.99]::float8[]) with ordinality pp(p, o)
                           cross join lateral (select pp.p * (cardinality(x.v) - 1)::float8 as k, pp.o as o) k) p
                   order by p.o)
           end as q
    from so x
  ),
  st0 as (
    select a.step, a.n, a.total, a.mean, a.std, a.mn, a.mx, v.q, a.n_success, a.n_error
    from sa a join sv v using (step)
  ),
  st1 as (
    select st0.*,
           (row_number() over (order by step) - 1)::int as idx,
           q[1] - 1.5 * (q[3] - q[1]) as lo_fence,
           q[3] + 1.5 * (q[3] - q[1]) as hi_fence
    from st0
  ),
  -- box plot whiskers: the most extreme values within 1.5 IQR, never inside the box.
  -- width_bucket is a binary search: how many sorted values are <= the fence;
  -- n_lo counts the values below the low fence, n_le_hi those up to the high one
  wh as (
    select s.step,
           v.v[b.n_lo + 1] as lo_in,
           v.v[b.n_le_hi] as hi_in,
           (b.n_lo + (v.nv - b.n_le_hi))::bigint as n_out,
           b.n_lo, b.n_le_hi
    from st1 s join sv v using (step)
      cross join lateral (
        select case when w.n_le_lo > 0 and v.v[w.n_le_lo] = s.lo_fence
                    then array_position(v.v, s.lo_fence) - 1
                    else w.n_le_lo
               end as n_lo,
               w.n_le_hi
        from (select width_bucket(s.lo_fence, v.v) as n_le_lo,
                     width_bucket(s.hi_fence, v.v) as n_le_hi) w) b
  ),
  st as (
    select s.*,
           least(s.q[1], w.lo_in) as whisker_low,
           greatest(s.q[3], w.hi_in) as whisker_high,
           w.n_out, w.n_lo, w.n_le_hi
    from st1 s join wh w using (step)
  ),
  -- outliers, at most 300 per step at evenly spaced ranks (first and last kept)
  outl as (
    select s.step, jsonb_agg(o.lat order by o.lat) as vals
    from st s join sv v using (step)
      cross join lateral unnest(v.v[1:s.n_lo] || v.v[s.n_le_hi + 1:v.nv])
                           with ordinality o(lat, k1)
    -- k is a drawn rank when it is round(j (n - 1) / 299) for the nearest j
    where s.n_out <= 300
       or o.k1 - 1 = round(round((o.k1 - 1) * 299::numeric / (s.n_out - 1)) * (s.n_out - 1) / 299)
    group by s.step
  ),
  tot0 as (
    select t.*, floor(t.k)::bigint as f, ceil(t.k)::bigint as c
    from (select coalesce(sum(a.n), 0)::bigint as n,
                 coalesce(sum(a.n_success), 0)::bigint as n_success,
                 coalesce(sum(a.n_error), 0)::bigint as n_error,
                 coalesce(sum(v.nv), 0)::bigint as nv,
                 0.95::float8 * (coalesce(sum(v.nv), 0) - 1)::float8 as k
          from sa a join sv v using (step)) t
  ),
  -- the overall P95 is among the d = nv - f largest values; those are among
  -- each step's d largest, and none is below the largest d-th largest of a step
  tot as (
    select t.n, t.n_success, t.n_error,
           case when t.nv = 0 then null::float8
                when t.f = t.c then p.top[t.nv - t.f]
                else p.top[t.nv - t.f] + (t.k - t.f) * (p.top[t.nv - t.c] - p.top[t.nv - t.f])
           end as p95
    from tot0 t
      cross join lateral (
        select max(s.v[s.nv - (t.nv - t.f) + 1]) as thr
        from sv s
        where s.nv >= t.nv - t.f) th
      cross join lateral (
        select array_agg(x order by x desc) as top
        from sv s cross join lateral unnest(s.v[greatest(s.nv - (t.nv - t.f) + 1, 1)::int:s.nv]) x
        where th.thr is null or x >= th.thr) p
  ),
  step_sum as (
    select sum(total) as total from st
  ),
  statuses as (
    select status, sum(n)::bigint as n, sum(total) / sum(n) as mean
    from cube
    group by status
  ),
  -- daily buckets are the cube's days; other widths take one more pass (the
  -- branch not taken is never run)
  trend as (
    select s.idx, c.d as b, sum(c.total) / sum(c.n) as mean, sum(c.n)::bigint as n
    from cube c join st s using (step)
    where $7 = interval '1 day' and c.d is not null
    group by s.idx, c.d
    union all
    select s.idx, t.b, t.mean, t.n
    from (select m.step_name collate "C" as step,
                 date_bin($7, m.created_at at time zone $4, timestamp '1970-01-01') as b,
                 avg(m.latency_ms::float8) as mean,
                 count(*) as n
          from public.interview_latency_metrics m
          where $7 <> interval '1 day'
            and m.created_at is not null
            and ($1 is null or m.created_at >= $1)
            and ($2 is null or m.created_at < $2)
          group by 1, 2) t
      join st s using (step)
  ),
  heat as (
    select s.idx, c.turn, sum(c.total) / sum(c.n) as mean, sum(c.n)::bigint as n,
           coalesce(sum(c.n) filter (where c.status = 'error'), 0)::bigint as n_error
    from cube c join st s using (step)
    group by s.idx, c.turn
  ),
  turns as (
    select turn, sum(n)::bigint as n, sum(n_error)::bigint as n_error
    from heat
    group by turn
  ),
  days as (
    select d, sum(n)::bigint as n
    from cube
    where d is not null
    group by d
  ),
  -- sessions, grouped by the workers (each its share of the range, merged
  -- by the leader); distinct turns 0..63 as bits, so that they need no sort
  sess0 as (
    select m.session_id,
           min(m.started_at) as fs, max(m.completed_at) as le,
           count(*) as n, sum(m.latency_ms::float8) as total,
           count(*) filter (where m.status = 'success') as n_success,
           bit_or(case when m.turn_number between 0 and 63 then 1::bigint << m.turn_number else 0 end) as turn_bits,
           bool_or(m.turn_number not between 0 and 63) as wide
    from public.interview_latency_metrics m
    where ($1 is null or m.created_at >= $1)
      and ($2 is null or m.created_at < $2)
    group by m.session_id
  ),
  -- the error rows, picked out of the range by the workers
  errs as materialized (
    select m.session_id,
           m.step_name collate "C" as step,
           m.latency_ms::float8 as lat,
           m.started_at,
           m.error_message collate "C" as msg,
           coalesce(m.created_at, m.started_at) as seen,
           m.created_at at time zone $4 as lc,
           date_trunc('day', m.created_at at time zone $4) as d
    from public.interview_latency_metrics m
    where m.status = 'error'
      and ($1 is null or m.created_at >= $1)
      and ($2 is null or m.created_at < $2)
  ),
  -- only read when some session has a turn outside 0..63
  wide_turns as (
    select m.session_id, count(distinct m.turn_number) as n_turns
    from public.interview_latency_metrics m
    where m.session_id in (select session_id from sess0 where wide)
      and ($1 is null or m.created_at >= $1)
      and ($2 is null or m.created_at < $2)
    group by m.session_id
  ),
  -- the sessions' errors from the error rows only
  err_sess as (
    select session_id, count(*) as n_error, min(started_at) as first_error
    from errs
    group by session_id
  ),
  sess as (
    select s.session_id, s.fs, s.le, s.n, coalesce(e.n_error, 0) as n_error, s.n_success, s.total,
           e.first_error,
           case when s.wide
                then (select w.n_turns from wide_turns w where w.session_id = s.session_id)
                else bit_count(s.turn_bits::bit(64))
           end as n_turns
    from sess0 s left join err_sess e using (session_id)
  ),
  sess_json as (
    select session_id, fs, total,
           jsonb_build_array(
             session_id,
             (extract(epoch from fs) * 1000000)::bigint,
             (extract(epoch from le) * 1000000)::bigint,
             n, n_error, n_success, n_turns, total) as j
    from sess
  ),
  egroups as (
    select e.step, e.msg, count(*) as n, avg(e.lat) as mean,
           min(e.seen) as first_seen,
           max(e.seen) as last_seen,
           count(distinct e.session_id) as affected
    from errs e
    group by e.step, e.msg
  ),
  err_trend as (
    select s.idx, e.d, count(*) as n
    from errs e join st s using (step)
    where e.d is not null
    group by 1, 2
  ),
  err_hours as (
    select (extract(isodow from lc))::int - 1 as dow,
           (extract(hour from lc))::int as hour,
           count(*) as n
    from errs
    where lc is not null
    group by 1, 2
  ),
  err_sessions as (
    select x.session_id, x.n_error, x.first_error,
           (select jsonb_agg(distinct e.step order by e.step)
            from errs e where e.session_id = x.session_id) as failed_steps
    from (select session_id, n_error, first_error from sess where n_error > 0
          order by n_error desc, first_error, session_id limit 20) x
  ),
  -- numpy.histogram: bins [edge i, edge i+1), the last one closed; min..max of the values
  hist_spec as (
    select 50 as nb, f, l, 50 / (l - f) as norm, (l - f) / 50 as stp
    from (select case when lo is null then 0 when lo = hi then lo - 0.5 else lo end as f,
                 case when lo is null then 1 when lo = hi then hi + 0.5 else hi end as l
          from (select min(mn) as lo, max(mx) as hi from st0
                where $5 is null or step = $5) mm) e
  ),
  -- a value's bin is how many of the inner edges i * stp + f (i = 1..nb - 1)
  -- are <= it; the values are sorted, so each bin's count is the difference
  -- of how many values lie below its two edges, found by binary search
  -- (width_bucket counts those <= the edge: an equal value is stepped back
  -- over by array_position) instead of binning every value. n_lt is the
  -- count below edge i - 1; each step's values are read once, all edges
  -- searched in them
  hist_lt as (
    select w.i, sum(case when w.n_le > 0 and s.v[w.n_le] = w.e
                         then array_position(s.v, w.e) - 1
                         else w.n_le
                    end) as n_lt
    from sv s
      cross join lateral (
        select g.i, e.e, width_bucket(e.e, s.v) as n_le
        from hist_spec h
          cross join generate_series(2, h.nb) g(i)
          cross join lateral (select (g.i - 1)::float8 * h.stp + h.f as e) e) w
    where $5 is null
       or s.step = $5
    group by w.i
  ),
  hist as (
    select g.i - 1 as bin,
           lead(coalesce(l.n_lt, 0), 1, t.nv) over (order by g.i) - coalesce(l.n_lt, 0) as n
    from hist_spec h
      cross join (select coalesce(sum(s.nv), 0) as nv from sv s
                  where $5 is null
                     or s.step = $5) t
      cross join generate_series(1, h.nb) g(i)
      left join hist_lt l on l.i = g.i
  ),
  sess_spec as (
    select 30 as nb, f, l, 30 / (l - f) as norm, (l - f) / 30 as stp
    from (select case when lo is null then 0 when lo = hi then lo - 0.5 else lo end as f,
                 case when lo is null then 1 when lo = hi then hi + 0.5 else hi end as l
          from (select min(total) as lo, max(total) as hi from sess) mm) e
  ),
  sess_hist as (
    select case when v.x < v.i0 * v.stp + v.f and v.i0 > 0 then v.i0 - 1
                when v.i0 <> v.nb - 1 and v.x >= (v.i0 + 1) * v.stp + v.f then v.i0 + 1
                else v.i0
           end as bin,
           count(*) as n
    from (select s.total as x, h.f, h.stp, h.nb,
                 least(greatest(trunc((s.total - h.f) * h.norm), 0), h.nb - 1) as i0
          from sess s cross join sess_spec h) v
    group by 1
  )
  select jsonb_build_object(
    'version', 1,
    'options', jsonb_build_object(
      'created_min', $1,
      'created_max', $2,
      'trend_bucket', $3,
      'time_zone', $4,
      'histogram_step', $5),
    'key_metrics', (
      select jsonb_build_object(
        'total_records', t.n,
        'avg_latency_ms', ss.total / nullif(t.n, 0)::float8,
        'p95_latency_ms', t.p95,
        'success_rate_pct', t.n_success::float8 / nullif(t.n, 0)::float8 * 100,
        'unique_sessions', (select count(*) from sess),
        'total_latency_ms', coalesce(ss.total, 0))
      from tot t cross join step_sum ss),
    -- steps in byte order of the name; "index" is what the cells below refer to
    'steps', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'index', s.idx, 'name', s.step, 'count', s.n, 'sum', s.total, 'mean', s.mean,
        'median', s.q[2], 'std', s.std, 'min', s.mn, 'max', s.mx,
        'q1', s.q[1], 'q3', s.q[3],
        'whisker_low', s.whisker_low, 'whisker_high', s.whisker_high,
        'n_outliers', s.n_out,
        'outliers', coalesce(o.vals, '[]'::jsonb),
        'p50', s.q[2], 'p75', s.q[3], 'p90', s.q[4], 'p95', s.q[5], 'p99', s.q[6],
        'success_count', s.n_success, 'error_count', s.n_error,
        'success_rate_pct', s.n_success::float8 / s.n::float8 * 100,
        'error_rate_pct', s.n_error::float8 / s.n::float8 * 100,
        'share_of_total_time_pct', s.total / nullif(ss.total, 0) * 100)
        order by s.idx), '[]'::jsonb)
      from st s left join outl o using (step) cross join step_sum ss),
    'slowest_step', (select s.idx from st s order by s.mean desc, s.idx limit 1),
    'status_counts', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'status', x.status, 'count', x.n, 'mean_latency_ms', x.mean)
        order by x.n desc, x.status collate "C"), '[]'::jsonb)
      from statuses x),
    -- cells with rows only: an empty bucket is a gap
    'trend', jsonb_build_object(
      'bucket', $3,
      'bucket_us', (extract(epoch from $7) * 1000000)::bigint,
      'columns', '["step", "start_us", "mean", "count"]'::jsonb,
      'cells', (select coalesce(jsonb_agg(jsonb_build_array(
                  t.idx,
                  (extract(epoch from t.b at time zone $4)
                   * 1000000)::bigint,
                  t.mean, t.n) order by t.idx, t.b), '[]'::jsonb)
                from trend t)),
    'heatmap', jsonb_build_object(
      'columns', '["step", "turn", "mean", "count"]'::jsonb,
      'cells', (select coalesce(jsonb_agg(jsonb_build_array(
                  h.idx, h.turn, h.mean, h.n) order by h.idx, h.turn), '[]'::jsonb)
                from heat h)),
    'turn_errors', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'turn', t.turn, 'count', t.n, 'errors', t.n_error,
        'error_rate_pct', t.n_error::float8 / t.n::float8 * 100) order by t.turn), '[]'::jsonb)
      from turns t),
    'daily_volume', (
      select coalesce(jsonb_agg(jsonb_build_array(
        (extract(epoch from d.d at time zone $4)
         * 1000000)::bigint, d.n) order by d.d), '[]'::jsonb)
      from days d),
    'sessions', jsonb_build_object(
      'columns', '["session_id", "first_start_us", "last_end_us", "rows", "errors", "successes", "turns", "total_latency_ms"]'::jsonb,
      'count', (select count(*) from sess),
      -- most recent first
      'rows', (select coalesce(jsonb_agg(x.j order by x.fs desc, x.session_id), '[]'::jsonb)
               from (select j, fs, session_id from sess_json
                     order by fs desc, session_id
                     limit $6) x),
      'slowest', (select coalesce(jsonb_agg(x.j order by x.total desc, x.fs desc, x.session_id), '[]'::jsonb)
                  from (select j, total, fs, session_id from sess_json
                        order by total desc, fs desc, session_id limit 5) x),
      'fastest', (select coalesce(jsonb_agg(x.j order by x.total, x.fs desc, x.session_id), '[]'::jsonb)
                  from (select j, total, fs, session_id from sess_json
                        order by total, fs desc, session_id limit 5) x),
      'total_histogram', (
        select jsonb_build_object(
          'min', h.f, 'max', h.l,
          'counts', (select jsonb_agg(coalesce(c.n, 0) order by g)
                     from generate_series(0, h.nb - 1) g
                     left join sess_hist c on c.bin = g))
        from sess_spec h)),
    'latency_histogram', (
      select jsonb_build_object(
        'step', $5,
        'min', h.f, 'max', h.l,
        'counts', (select jsonb_agg(coalesce(c.n, 0) order by g)
                   from generate_series(0, h.nb - 1) g
                   left join hist c on c.bin = g))
      from hist_spec h),
    'errors', (
      select jsonb_build_object(
        'total_errors', t.n_error,
        'error_rate_pct', t.n_error::float8 / nullif(t.n, 0)::float8 * 100,
        'most_failing_step', (select s.idx from st s where s.n_error > 0
                              order by s.n_error desc, s.idx limit 1),
        'sessions_with_errors', (select count(*) from sess where n_error > 0))
      from tot t),
    -- most frequent first; a null message is its own group
    'error_groups', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'step', g.step, 'message', g.msg, 'count', g.n,
        'share_of_step_pct', g.n::float8 / s.n::float8 * 100,
        'first_seen_us', (extract(epoch from g.first_seen) * 1000000)::bigint,
        'last_seen_us', (extract(epoch from g.last_seen) * 1000000)::bigint,
        'affected_sessions', g.affected, 'avg_latency_ms', g.mean)
        order by g.n desc, g.step, g.msg nulls last), '[]'::jsonb)
      from egroups g join st s using (step)),
    'error_trend', jsonb_build_object(
      'columns', '["step", "day_start_us", "count"]'::jsonb,
      'cells', (select coalesce(jsonb_agg(jsonb_build_array(
                  e.idx,
                  (extract(epoch from e.d at time zone $4)
                   * 1000000)::bigint,
                  e.n) order by e.idx, e.d), '[]'::jsonb)
                from err_trend e)),
    -- Monday is 0
    'error_dow_hour', (
      select coalesce(jsonb_agg(jsonb_build_array(e.dow, e.hour, e.n)
                                                      order by e.dow, e.hour), '[]'::jsonb)
      from err_hours e),
    'error_sessions', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'session_id', x.session_id, 'errors', x.n_error,
        'first_error_us', (extract(epoch from x.first_error) * 1000000)::bigint,
        'failed_steps', x.failed_steps)
        order by x.n_error desc, x.first_error, x.session_id), '[]'::jsonb)
      from err_sessions x))
  $query$
  into result
  using created_min, created_max, trend_bucket, time_zone, histogram_step, session_limit, width;

  return result;
end;
$function$;

comment on function public.interview_latency_summary(timestamptz, timestamptz, text, text, text, integer) is
  'Interview Latency dashboard figures as one jsonb (version 1).';
