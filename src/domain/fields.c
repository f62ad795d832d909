/* fields.c - see fields.h. */
#include "domain/fields.h"

#include <string.h>

#include "util/timeutil.h"
#include "util/utf8.h"

#define TEXT_DEFAULT_MAX 20000

size_t fields_utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static int in_values(const char *const *values, const char *v)
{
    for (int i = 0; values && values[i]; i++)
        if (strcmp(values[i], v) == 0) return 1;
    return 0;
}

static int enum_error(const field_def *f, const char *path, const char *got, err *e)
{
    char list[200] = "";
    size_t n = 0;
    for (int i = 0; f->values[i] && n < sizeof list - 40; i++)
        n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", f->values[i]);
    return err_set(e, ERR_INVALID, "invalid_enum", path, "%s: '%.40s' is not one of: %s", path, got,
                   list);
}

static int check_text(const field_def *f, const char *path, const char *s, err *e)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
            return err_set(e, ERR_INVALID, "invalid_text", path, "%s contains a control character",
                           path);
    unsigned bidi = utf8_bidi_control(s, NULL);
    if (bidi)
        return err_set(e, ERR_INVALID, "bidi_control", path,
                       "%s contains the bidirectional control character U+%04X, which can make "
                       "text read as something else; write the text without it",
                       path, bidi);
    size_t len = fields_utf8_length(s);
    int64_t max = f->max ? f->max : TEXT_DEFAULT_MAX;
    int64_t min = f->min ? f->min : ((f->flags & FF_REQUIRED) ? 1 : 0);
    if ((int64_t)len > max)
        return err_set(e, ERR_INVALID, "too_long", path, "%s may have at most %lld characters",
                       path, (long long)max);
    if ((int64_t)len < min)
        return err_set(e, ERR_INVALID, min == 1 ? "required" : "too_short", path,
                       min == 1 ? "%s must not be empty" : "%s is too short", path);
    return 0;
}

int fields_check_value(store *s, int64_t tenant, const field_def *f, json_t *v, const char *path,
                       err *e)
{
    if (json_is_null(v)) {
        if (f->flags & (FF_REQUIRED | FF_NOT_NULL))
            return err_set(e, ERR_INVALID, "required", path, "%s must have a value", path);
        return 0;
    }
    switch (f->type) {
    case FT_TEXT:
        if (!json_is_string(v))
            return err_set(e, ERR_INVALID, "wrong_type", path, "%s must be a string", path);
        return check_text(f, path, json_string_value(v), e);
    case FT_INT:
        if (!json_is_integer(v))
            return err_set(e, ERR_INVALID, "wrong_type", path, "%s must be a whole number", path);
        if (f->max > f->min && (json_integer_value(v) < f->min || json_integer_value(v) > f->max))
            return err_set(e, ERR_INVALID, "out_of_range", path, "%s must be from %lld to %lld",
                           path, (long long)f->min, (long long)f->max);
        return 0;
    case FT_BOOL:
        if (!json_is_boolean(v))
            return err_set(e, ERR_INVALID, "wrong_type", path, "%s must be true or false", path);
        return 0;
    case FT_DATE:
        if (!json_is_string(v) || time_valid_date(json_string_value(v)))
            return err_set(e, ERR_INVALID, "invalid_date", path,
                           "%s must be a date written YYYY-MM-DD, between 1850 and 2200", path);
        return 0;
    case FT_TIMESTAMP:
        if (!json_is_string(v) || time_valid_timestamp(json_string_value(v)))
            return err_set(e, ERR_INVALID, "invalid_timestamp", path,
                           "%s must be a UTC time written YYYY-MM-DDTHH:MM:SSZ", path);
        return 0;
    case FT_ENUM:
        if (!json_is_string(v))
            return err_set(e, ERR_INVALID, "wrong_type", path, "%s must be a string", path);
        if (!in_values(f->values, json_string_value(v)))
            return enum_error(f, path, json_string_value(v), e);
        return 0;
    case FT_ENUM_LIST: {
        if (!json_is_array(v))
            return err_set(e, ERR_INVALID, "wrong_type", path, "%s must be a list", path);
        size_t i, j;
        json_t *x, *y;
        json_array_foreach(v, i, x)
        {
            if (!json_is_string(x))
                return err_set(e, ERR_INVALID, "wrong_type", path, "%s must hold strings", path);
            if (!in_values(f->values, json_string_value(x)))
                return enum_error(f, path, json_string_value(x), e);
            json_array_foreach(v, j, y) if (j < i && json_equal(x, y)) return err_set(
                e, ERR_INVALID, "duplicate_value", path, "%s lists '%s' twice", path,
                json_string_value(x));
        }
        return 0;
    }
    case FT_REF: {
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return err_set(e, ERR_INVALID, "wrong_type", path, "%s must be an id", path);
        int ex = rec_exists(s, f->ref, tenant, json_integer_value(v), e);
        if (ex < 0) return -1;
        if (!ex)
            return err_set(e, ERR_INVALID, "unknown_reference", path, "%s: there is no %s %lld",
                           path, f->ref->name, (long long)json_integer_value(v));
        return 0;
    }
    case FT_JSON:
        return 0;
    }
    return 0;
}

int fields_check_text(const char *text, const char *path, int max, err *e)
{
    if (!text) return 0;
    field_def f = {path, FT_TEXT, 0, NULL, 0, max, NULL};
    return check_text(&f, path, text, e);
}

static int implicit(const char *k)
{
    return !strcmp(k, "id") || !strcmp(k, "version") || !strcmp(k, "created_at") ||
           !strcmp(k, "updated_at");
}

int fields_validate(store *s, int64_t tenant, const record_def *d, json_t *in, int mode,
                    const char *const *extra, json_t **out, err *e)
{
    json_t *o = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v)
    {
        const field_def *f = rec_field(d, k);
        if (!f) {
            if (extra && in_values(extra, k)) continue;
            if (implicit(k)) {
                err_set(e, ERR_INVALID, "read_only_field", k, "%s is set by the system", k);
                goto fail;
            }
            err_set(e, ERR_INVALID, "unknown_field", k, "a %s has no field '%s'", d->name, k);
            goto fail;
        }
        if (f->flags & (FF_READONLY | FF_HIDDEN)) {
            err_set(e, ERR_INVALID, "read_only_field", k, "%s is set by the system", k);
            goto fail;
        }
        if (mode == FIELDS_PATCH && (f->flags & FF_CREATE_ONLY)) {
            err_set(e, ERR_INVALID, "immutable_field", k, "%s cannot be changed once set", k);
            goto fail;
        }
        if (fields_check_value(s, tenant, f, v, k, e)) goto fail;
        json_object_set(o, k, v);
    }
    if (mode == FIELDS_CREATE)
        for (int i = 0; i < d->nfields; i++) {
            const field_def *f = &d->fields[i];
            if ((f->flags & FF_REQUIRED) && !json_object_get(o, f->name)) {
                err_set(e, ERR_INVALID, "required", f->name, "%s is required", f->name);
                goto fail;
            }
        }
    *out = o;
    return 0;
fail:
    json_decref(o);
    return -1;
}

int fields_check_period(json_t *values, json_t *cur, const char *from, const char *to, err *e)
{
    json_t *f = json_object_get(values, from), *t = json_object_get(values, to);
    if (!f && cur) f = json_object_get(cur, from);
    if (!t && cur) t = json_object_get(cur, to);
    if (json_is_string(f) && json_is_string(t) &&
        strcmp(json_string_value(t), json_string_value(f)) < 0)
        return err_set(e, ERR_INVALID, "invalid_period", to, "%s must not be before %s", to, from);
    return 0;
}
