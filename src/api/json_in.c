/* json_in.c - see json_in.h. */
#include "api/json_in.h"

#include <string.h>

int json_in_string(json_t *o, const char *key, int required, const char **out, err *e)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required) return err_set(e, ERR_INVALID, "required", key, "%s is required", key);
        return 0;
    }
    if (!json_is_string(v))
        return err_set(e, ERR_INVALID, "wrong_type", key, "%s must be a string", key);
    *out = json_string_value(v);
    return 0;
}

int json_in_id(json_t *o, const char *key, int required, int64_t *out, err *e)
{
    json_t *v = json_object_get(o, key);
    *out = 0;
    if (!v || json_is_null(v)) {
        if (required) return err_set(e, ERR_INVALID, "required", key, "%s is required", key);
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return err_set(e, ERR_INVALID, "wrong_type", key, "%s must be a positive whole number",
                       key);
    *out = json_integer_value(v);
    return 0;
}

int json_in_no_other(json_t *o, const char *const *known, err *e)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        int ok = 0;
        for (int i = 0; known[i]; i++)
            if (strcmp(known[i], k) == 0) ok = 1;
        if (!ok) return err_set(e, ERR_INVALID, "unknown_field", k, "unknown field '%s'", k);
    }
    return 0;
}
