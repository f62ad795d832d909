/* names.c - see names.h. */
#include "domain/names.h"

#include <stdio.h>
#include <stdlib.h>

int names_add(store *s, const actor *a, json_t *items, names_kind kind, const char *id_key,
              const char *name_key, err *e)
{
    json_t *ids = json_array(), *names = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        json_t *id = json_object_get(x, id_key);
        if (json_is_integer(id)) json_array_append(ids, id);
    }
    int rc = 0;
    if (json_array_size(ids)) {
        char *text = json_dumps(ids, JSON_COMPACT);
        rc = text ? names_store_of(s, kind, a->tenant_id, text, &names, e)
                  : err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "cannot list the names");
        free(text);
    }
    json_decref(ids);
    if (!rc) json_array_foreach(items, i, x)
        {
            json_t *id = json_object_get(x, id_key);
            if (!id) continue;
            char key[24];
            json_t *name = NULL;
            if (json_is_integer(id)) {
                snprintf(key, sizeof key, "%lld", (long long)json_integer_value(id));
                name = json_object_get(names, key);
            }
            json_object_set(x, name_key, name ? name : json_null());
        }
    json_decref(names);
    return rc ? -1 : 0;
}
