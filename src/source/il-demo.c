/* il-demo.c: deterministic, realistic demo rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A voice interview pipeline: every turn runs vad, turn_detection, stt, sometimes
 * retrieval, then the LLM (first token, total) and TTS (first byte, total), each
 * step with its own log-normal latency. Sessions start more often during the UTC
 * afternoon and more and more over the 30 days; the LLM slowly gets slower (a
 * visible trend) and slower again at busy hours. About 2% of the rows are errors
 * with a handful of recurring messages (one multi-line, one null), about 1% are
 * skipped, and a very rare row has the status "timeout".
 *
 * Own PRNG (xoshiro256** seeded by splitmix64) so that the rows are the same on
 * every machine and libc.
 */
#include "config.h"

#include "il-demo.h"

#include <math.h>
#include <stdlib.h>

#define US_PER_MS   G_GINT64_CONSTANT (1000)
#define US_PER_SEC  G_GINT64_CONSTANT (1000000)
#define US_PER_HOUR (3600 * US_PER_SEC)
#define US_PER_DAY  (24 * US_PER_HOUR)
#define N_DAYS      30

typedef struct
{
  guint64 s[4];
} Rng;

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static void
rng_init (Rng     *rng,
          guint64  seed,
          guint64  stream)
{
  guint64 x = seed * G_GUINT64_CONSTANT (0x100000001B3) ^ stream;

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
rng_next (Rng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* [0, 1) */
static inline double
rng_uniform (Rng *rng)
{
  return (double) (rng_next (rng) >> 11) * 0x1.0p-53;
}

static inline guint
rng_below (Rng   *rng,
           guint  n)
{
  return (guint) ((rng_next (rng) >> 32) * n >> 32);
}

static inline double
rng_normal (Rng *rng)
{
  double u1 = 1.0 - rng_uniform (rng);   /* (0, 1] */
  double u2 = rng_uniform (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

/* a log-normal value with the given median and spread */
static inline double
rng_lognormal (Rng    *rng,
               double  median,
               double  sigma)
{
  return median * exp (sigma * rng_normal (rng));
}

static IlUuid
rng_uuid (Rng *rng)
{
  IlUuid id;

  id.hi = (rng_next (rng) & ~G_GUINT64_CONSTANT (0xF000)) | G_GUINT64_CONSTANT (0x4000);
  id.lo = (rng_next (rng) & G_GUINT64_CONSTANT (0x3FFFFFFFFFFFFFFF)) | G_GUINT64_CONSTANT (0x8000000000000000);
  return id;
}

typedef enum
{
  KIND_AUDIO,
  KIND_STT,
  KIND_RETRIEVAL,
  KIND_LLM,
  KIND_TTS,
  N_KINDS
} StepKind;

enum
{
  STEP_VAD,
  STEP_TURN_DETECTION,
  STEP_STT,
  STEP_RETRIEVAL,
  STEP_LLM_FIRST_TOKEN,
  STEP_LLM_TOTAL,
  STEP_TTS_FIRST_BYTE,
  STEP_TTS_TOTAL,
  N_STEPS
};

static const struct
{
  const char *name;
  StepKind    kind;
  double      median_ms;
  double      sigma;
  double      error_p;
  double      skip_p;
} steps[N_STEPS] = {
  { "vad", KIND_AUDIO, 45, 0.35, 0.006, 0.008 },
  { "turn_detection", KIND_AUDIO, 180, 0.40, 0.010, 0.008 },
  { "stt", KIND_STT, 320, 0.35, 0.024, 0.008 },
  { "retrieval, rerank & \"context\" assembly", KIND_RETRIEVAL, 240, 0.60, 0.022, 0.050 },
  { "llm_first_token", KIND_LLM, 650, 0.45, 0.032, 0.006 },
  { "llm_total", KIND_LLM, 800, 0.50, 0.030, 0.006 },       /* generation after the first token */
  { "tts_first_byte", KIND_TTS, 210, 0.40, 0.024, 0.010 },
  { "tts_total", KIND_TTS, 1500, 0.45, 0.022, 0.010 },      /* audio after the first byte */
};

#define MSG_TIMEOUT 0
#define MSG_NULL    5
static const char *const messages[] = {
  "Upstream timeout after 30000 ms",
  "Rate limit exceeded (HTTP 429): retry after 2 s",
  "Connection reset by peer",
  "Invalid audio frame: expected 16 kHz mono, got 8 kHz",
  "Model returned an empty completion\nfinish_reason: \"length\", tokens: 0",
  NULL,
};

/* which message each kind of step fails with, by weight (sums to 100) */
static const guint8 message_weights[N_KINDS][G_N_ELEMENTS (messages)] = {
  [KIND_AUDIO] = { 20, 0, 50, 20, 0, 10 },
  [KIND_STT] = { 20, 0, 20, 50, 0, 10 },
  [KIND_RETRIEVAL] = { 45, 0, 40, 0, 0, 15 },
  [KIND_LLM] = { 25, 35, 10, 0, 20, 10 },
  [KIND_TTS] = { 35, 15, 40, 0, 0, 10 },
};

static const char *const models[] = { "gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet" };
static const char *const regions[] = { "eu", "us", "ap" };

/* sessions per hour of the UTC day, relative: busiest around 14:00 */
static double
hour_weight (double hour)
{
  double d = (hour - 14.0) / 4.0;

  return 0.25 + exp (-d * d);
}

typedef struct
{
  gint64  start;
  guint8  n_turns;
  guint16 retrieval_mask;   /* turns that run retrieval */
  guint8  model, region;
  gboolean no_metadata;
} SessionPlan;

static int
cmp_plan (const void *a,
          const void *b)
{
  const SessionPlan *x = a, *y = b;

  return x->start < y->start ? -1 : (x->start > y->start);
}

static guint
pick_message (Rng      *rng,
              StepKind  kind)
{
  guint u = rng_below (rng, 100);

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      if (u < message_weights[kind][i])
        return i;
      u -= message_weights[kind][i];
    }
  return MSG_NULL;
}

/**
 * il_demo_generate:
 * @n_rows: how many rows
 * @seed: any value; the same seed gives the same rows
 * @now_us: the end of the 30 days the rows are spread over (UTC us)
 *
 * Returns: (transfer full): a sealed store
 */
IlRowStore *
il_demo_generate (guint   n_rows,
                  guint32 seed,
                  gint64  now_us)
{
  return il_demo_generate_between (n_rows, seed, now_us - N_DAYS * US_PER_DAY, now_us);
}

IlRowStore *
il_demo_generate_between (guint   n_rows,
                          guint32 seed,
                          gint64  start_us,
                          gint64  end_us)
{
  IlRowStore *store = il_row_store_new ();
  g_autoptr(GArray) plans = g_array_new (FALSE, FALSE, sizeof (SessionPlan));
  g_autofree char **metadata = NULL;
  const gint64 range_start = start_us;
  const gint64 span = MAX (end_us - start_us, 1);
  /* sessions last minutes: those of a long span start 2 h before its end */
  const gint64 range_len = span > 4 * US_PER_HOUR ? span - 2 * US_PER_HOUR : MAX (span / 2, 1);
  guint64 planned = 0;
  guint rows_done = 0;
  Rng plan_rng, time_rng, rng;

  rng_init (&plan_rng, seed, 1);
  rng_init (&time_rng, seed, 2);
  rng_init (&rng, seed, 3);

  /* metadata texts, one per (kind, model, region) */
  metadata = g_new0 (char *, N_KINDS * G_N_ELEMENTS (models) * G_N_ELEMENTS (regions) + 1);
  for (guint k = 0; k < N_KINDS; k++)
    for (guint mo = 0; mo < G_N_ELEMENTS (models); mo++)
      for (guint re = 0; re < G_N_ELEMENTS (regions); re++)
        {
          char **slot = &metadata[(k * G_N_ELEMENTS (models) + mo) * G_N_ELEMENTS (regions) + re];

          switch (k)
            {
            case KIND_LLM:
              *slot = g_strdup_printf ("{\"model\":\"%s\",\"region\":\"%s\"}", models[mo], regions[re]);
              break;
            case KIND_STT:
              *slot = g_strdup_printf ("{\"provider\":\"deepgram\",\"language\":\"en\",\"region\":\"%s\"}", regions[re]);
              break;
            case KIND_TTS:
              *slot = g_strdup_printf ("{\"voice\":\"alloy\",\"region\":\"%s\"}", regions[re]);
              break;
            case KIND_RETRIEVAL:
              *slot = g_strdup_printf ("{\"top_k\":8,\"region\":\"%s\"}", regions[re]);
              break;
            case KIND_AUDIO:
            default:
              *slot = g_strdup_printf ("{\"region\":\"%s\"}", regions[re]);
              break;
            }
        }

  /* 1. how many sessions, with their turns */
  while (planned < n_rows)
    {
      SessionPlan p = { 0 };

      p.n_turns = (guint8) (3 + rng_below (&plan_rng, 13));
      for (guint t = 0; t < p.n_turns; t++)
        if (rng_below (&plan_rng, 3) == 0)
          p.retrieval_mask |= (guint16) (1u << t);
      p.model = (guint8) rng_below (&plan_rng, G_N_ELEMENTS (models));
      p.region = (guint8) rng_below (&plan_rng, G_N_ELEMENTS (regions));
      p.no_metadata = rng_below (&plan_rng, 20) == 0;
      planned += (guint64) p.n_turns * (N_STEPS - 1) + (guint) __builtin_popcount (p.retrieval_mask);
      g_array_append_val (plans, p);
    }

  /* 2. when they start: more in the afternoon, and growing over the days */
  for (guint i = 0; i < plans->len; i++)
    {
      SessionPlan *p = &g_array_index (plans, SessionPlan, i);

      for (;;)
        {
          gint64 t = range_start + (gint64) (rng_uniform (&time_rng) * (double) range_len);
          double day_frac = (double) (t - range_start) / (double) span;
          double hour = (double) ((t % US_PER_DAY + US_PER_DAY) % US_PER_DAY) / (double) US_PER_HOUR;
          double w = (0.6 + 0.4 * day_frac) * hour_weight (hour) / 1.25;

          if (rng_uniform (&time_rng) < w)
            {
              p->start = t;
              break;
            }
        }
    }
  if (plans->len > 1)
    qsort (plans->data, plans->len, sizeof (SessionPlan), cmp_plan);

  /* 3. the rows, into columns sized once: the longest metadata text bounds
   * the text, and pages of it never written cost nothing */
  {
    gsize longest = 0;

    for (char **m = metadata; *m != NULL; m++)
      longest = MAX (longest, strlen (*m));
    il_row_store_reserve (store, n_rows, (gsize) n_rows * longest);
  }
  for (guint i = 0; i < plans->len && rows_done < n_rows; i++)
    {
      const SessionPlan *p = &g_array_index (plans, SessionPlan, i);
      IlUuid session_id = rng_uuid (&rng);
      gint64 t0 = p->start;

      for (guint turn = 0; turn < p->n_turns && rows_done < n_rows; turn++)
        {
          double day_frac = (double) (t0 - range_start) / (double) span;
          double hour = (double) ((t0 % US_PER_DAY + US_PER_DAY) % US_PER_DAY) / (double) US_PER_HOUR;
          /* the LLM gets slower over the month and at busy hours */
          double llm_factor = (1.0 + 0.35 * day_frac) * (1.0 + 0.15 * (hour_weight (hour) - 0.25));
          gint64 cursor = t0, llm_start = 0, llm_first_end = 0, turn_end = t0;
          double tts_first_ms = 0;

          for (guint s = 0; s < N_STEPS && rows_done < n_rows; s++)
            {
              IlRowInput row = { 0 };
              double u, lat;
              gint64 lat_us, start;
              guint msg = MSG_NULL;

              if (s == STEP_RETRIEVAL && !(p->retrieval_mask & (1u << turn)))
                continue;

              lat = rng_lognormal (&rng, steps[s].median_ms, steps[s].sigma);
              if (steps[s].kind == KIND_LLM)
                lat *= llm_factor;

              switch (s)
                {
                case STEP_LLM_FIRST_TOKEN:
                  start = llm_start = cursor;
                  break;
                case STEP_LLM_TOTAL:
                  /* the whole generation: first token plus the rest */
                  start = llm_start;
                  lat += (double) (llm_first_end - llm_start) / US_PER_MS;
                  break;
                case STEP_TTS_FIRST_BYTE:
                  start = llm_first_end;   /* TTS streams from the first token */
                  break;
                case STEP_TTS_TOTAL:
                  start = llm_first_end;
                  lat += tts_first_ms;
                  break;
                default:
                  start = cursor;
                  break;
                }

              row.status = "success";
              u = rng_uniform (&rng);
              if (u < steps[s].error_p)
                {
                  row.status = "error";
                  msg = pick_message (&rng, steps[s].kind);
                  if (msg == MSG_TIMEOUT)
                    lat = 30000.0 + rng_uniform (&rng) * 50.0;
                }
              else if (u < steps[s].error_p + steps[s].skip_p)
                {
                  row.status = "skipped";
                  lat = 0.0;
                }
              else if (u > 1.0 - 0.00002)
                {
                  row.status = "timeout";
                  lat = 15000.0 + rng_uniform (&rng) * 1000.0;
                }

              /* to the microsecond, so that the timestamps agree with latency_ms */
              lat_us = (gint64) llround (lat * 1000.0);
              row.latency_ms = (double) lat_us / 1000.0;
              row.metric_id = rng_uuid (&rng);
              row.session_id = session_id;
              row.turn_number = (gint32) turn + 1;
              row.step_name = steps[s].name;
              row.started_at = start;
              row.completed_at = start + lat_us;
              row.error_message = messages[msg];
              row.metadata = p->no_metadata ? NULL
                : metadata[(steps[s].kind * G_N_ELEMENTS (models) + p->model) * G_N_ELEMENTS (regions) + p->region];
              row.created_at = row.completed_at + (gint64) (2 + rng_below (&rng, 40)) * US_PER_MS;
              il_row_store_append_row (store, &row);
              rows_done++;

              if (s == STEP_LLM_FIRST_TOKEN)
                llm_first_end = row.completed_at;
              if (s == STEP_TTS_FIRST_BYTE)
                tts_first_ms = row.latency_ms;
              if (s < STEP_LLM_FIRST_TOKEN)
                cursor = row.completed_at;
              turn_end = MAX (turn_end, row.completed_at);
            }

          /* the candidate listens and answers: 4 to 40 s */
          t0 = turn_end + (gint64) (rng_lognormal (&rng, 12.0, 0.5) * US_PER_SEC);
        }
    }

  for (guint i = 0; metadata[i] != NULL; i++)
    g_free (metadata[i]);
  il_row_store_seal (store);
  return store;
}
