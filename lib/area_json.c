/*
 * area_json.c: the JSON shape of a division, the record fdss area list
 * and fdss area find print.
 */
#include <cjson/cJSON.h>

#include "fdss/area.h"

cJSON *fdss_area_to_json(const fdss_area *a)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec && cJSON_AddStringToObject(rec, "type", "area") &&
	    cJSON_AddStringToObject(rec, "code", a->code) &&
	    cJSON_AddStringToObject(rec, "name", a->name) &&
	    cJSON_AddStringToObject(rec, "level",
				    fdss_area_level_name(a->level)) &&
	    (a->parent ? cJSON_AddStringToObject(rec, "parent", a->parent)
		       : cJSON_AddNullToObject(rec, "parent")) &&
	    cJSON_AddStringToObject(rec, "path", a->path))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}
