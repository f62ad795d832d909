/* plans.c - /plans (placeholder table until the plans API lands). */
#include "api/api.h"

const route api_plan_routes[] = {{NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL}};
const route api_plan_part_routes[] = {{NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL}};
