/* cases.c - /cases (placeholder table until the cases API lands). */
#include "api/api.h"

const route api_case_routes[] = {{NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL}};
