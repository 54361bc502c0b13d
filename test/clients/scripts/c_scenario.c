/* The client matrix scenario with the C driver (libmongoc); prints {"t": transcript} as relaxed JSON.
 * CONNECT: "direct" (directConnection=true), "plain" (no topology option: libmongoc then connects to the
 * one seed as a single server), "discover" (directConnection=false) or "replicaSet" (replicaSet=$SET_NAME);
 * other than "direct", the transcript ends with the topology the driver saw. */
#include <mongoc/mongoc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bson_t transcript;
static uint32_t steps = 0;

static void fail (const char *what, const bson_error_t *error) {
   fprintf (stderr, "%s: %s\n", what, error ? error->message : "failed");
   exit (1);
}

/* Opens step `name`; the caller appends its value under key "1" and closes it with end_step. */
static void begin_step (const char *name, bson_t *step) {
   char buf[16];
   const char *key;
   bson_uint32_to_string (steps++, &key, buf, sizeof buf);
   bson_append_array_begin (&transcript, key, -1, step);
   BSON_APPEND_UTF8 (step, "0", name);
}

static void end_step (bson_t *step) { bson_append_array_end (&transcript, step); }

static void step_int64 (const char *name, int64_t value) {
   bson_t step;
   begin_step (name, &step);
   BSON_APPEND_INT64 (&step, "1", value);
   end_step (&step);
}

static void step_bool (const char *name, bool value) {
   bson_t step;
   begin_step (name, &step);
   BSON_APPEND_BOOL (&step, "1", value);
   end_step (&step);
}

static void step_utf8 (const char *name, const char *value) {
   bson_t step;
   begin_step (name, &step);
   BSON_APPEND_UTF8 (&step, "1", value);
   end_step (&step);
}

static int64_t int_field (const bson_t *doc, const char *path) {
   bson_iter_t iter, found;
   if (bson_iter_init (&iter, doc) && bson_iter_find_descendant (&iter, path, &found)) return bson_iter_as_int64 (&found);
   return -1;
}

/* Appends every document of `cursor` to the array value of a new step. */
static void step_cursor (const char *name, mongoc_cursor_t *cursor) {
   bson_t step, list;
   const bson_t *doc;
   bson_error_t error;
   uint32_t i = 0;
   char buf[16];
   const char *key;
   begin_step (name, &step);
   bson_append_array_begin (&step, "1", -1, &list);
   while (mongoc_cursor_next (cursor, &doc)) {
      bson_uint32_to_string (i++, &key, buf, sizeof buf);
      bson_append_document (&list, key, -1, doc);
   }
   if (mongoc_cursor_error (cursor, &error)) fail (name, &error);
   bson_append_array_end (&step, &list);
   end_step (&step);
   mongoc_cursor_destroy (cursor);
}

static const char *connect_mode (void) {
   const char *mode = getenv ("CONNECT");
   return mode ? mode : "direct";
}

/* The newest topology type the admin client's driver reported. */
static char topology_type[64] = "";

static void topology_changed (const mongoc_apm_topology_changed_t *event) {
   const mongoc_topology_description_t *td = mongoc_apm_topology_changed_get_new_description (event);
   snprintf (topology_type, sizeof topology_type, "%s", mongoc_topology_description_type (td));
}

/* The topology step: its type, the set names its servers report, and their addresses. */
static void step_topology (mongoc_client_t *client) {
   bson_t step, names, hosts;
   size_t n = 0;
   char buf[16];
   const char *key;
   bson_iter_t iter;
   mongoc_server_description_t **sds = mongoc_client_get_server_descriptions (client, &n);
   begin_step ("topology", &step);
   BSON_APPEND_UTF8 (&step, "1", topology_type);
   bson_append_array_begin (&step, "2", -1, &names);
   for (size_t i = 0; i < n; i++) {
      bson_uint32_to_string ((uint32_t) i, &key, buf, sizeof buf);
      const bson_t *hello = mongoc_server_description_hello_response (sds[i]);
      if (bson_iter_init_find (&iter, hello, "setName")) BSON_APPEND_UTF8 (&names, key, bson_iter_utf8 (&iter, NULL));
   }
   bson_append_array_end (&step, &names);
   bson_append_array_begin (&step, "3", -1, &hosts);
   for (size_t i = 0; i < n; i++) {
      bson_uint32_to_string ((uint32_t) i, &key, buf, sizeof buf);
      BSON_APPEND_UTF8 (&hosts, key, mongoc_server_description_host (sds[i])->host_and_port);
   }
   bson_append_array_end (&step, &hosts);
   end_step (&step);
   mongoc_server_descriptions_destroy_all (sds, n);
}

static mongoc_client_t *open_client (const char *cert, bool watch) {
   char uri[4096];
   char topology[300] = "&directConnection=true";
   bson_error_t error;
   if (strcmp (connect_mode (), "plain") == 0) topology[0] = '\0';
   if (strcmp (connect_mode (), "discover") == 0) snprintf (topology, sizeof topology, "&directConnection=false");
   if (strcmp (connect_mode (), "replicaSet") == 0) snprintf (topology, sizeof topology, "&replicaSet=%s", getenv ("SET_NAME"));
   snprintf (uri, sizeof uri,
             "mongodb://localhost:%s/?tls=true&authMechanism=MONGODB-X509&authSource=%%24external%s"
             "&compressors=zlib&serverSelectionTimeoutMS=5000&tlsCAFile=%s&tlsCertificateKeyFile=%s",
             getenv ("PORT"), topology, getenv ("CA"), cert);
   mongoc_uri_t *parsed = mongoc_uri_new_with_error (uri, &error);
   if (!parsed) fail ("uri", &error);
   mongoc_client_t *client = mongoc_client_new_from_uri (parsed);
   mongoc_uri_destroy (parsed);
   mongoc_client_set_error_api (client, MONGOC_ERROR_API_VERSION_2);
   if (watch) {
      mongoc_apm_callbacks_t *callbacks = mongoc_apm_callbacks_new ();
      mongoc_apm_set_topology_changed_cb (callbacks, topology_changed);
      mongoc_client_set_apm_callbacks (client, callbacks, NULL);
      mongoc_apm_callbacks_destroy (callbacks);
   }
   return client;
}

static void command (mongoc_database_t *db, bson_t *cmd, bson_t *reply, const char *what) {
   bson_error_t error;
   if (!mongoc_database_command_simple (db, cmd, NULL, reply, &error)) fail (what, &error);
   bson_destroy (cmd);
}

int main (void) {
   bson_error_t error;
   bson_t reply;
   mongoc_init ();
   bson_init (&transcript);
   const char *dbname = getenv ("DB");
   mongoc_client_t *admin = open_client (getenv ("ADMIN_CERT"), true);
   mongoc_client_t *reader = open_client (getenv ("READER_CERT"), false);
   mongoc_database_t *db = mongoc_client_get_database (admin, dbname);
   mongoc_collection_t *items = mongoc_client_get_collection (admin, dbname, "items");

   command (db, BCON_NEW ("ping", BCON_INT32 (1)), &reply, "ping");
   step_int64 ("ping", int_field (&reply, "ok"));
   bson_destroy (&reply);

   bson_t *docs[3] = {BCON_NEW ("_id", BCON_INT32 (1), "kind", "a", "n", BCON_INT32 (1)),
                      BCON_NEW ("_id", BCON_INT32 (2), "kind", "b", "n", BCON_INT32 (2)),
                      BCON_NEW ("_id", BCON_INT32 (3), "kind", "a", "n", BCON_INT32 (3))};
   if (!mongoc_collection_insert_many (items, (const bson_t **) docs, 3, NULL, &reply, &error)) fail ("insertMany", &error);
   step_int64 ("insertMany", int_field (&reply, "insertedCount"));
   bson_destroy (&reply);

   bson_t *empty = bson_new ();
   bson_t *sorted = BCON_NEW ("sort", "{", "_id", BCON_INT32 (1), "}");
   step_cursor ("find", mongoc_collection_find_with_opts (items, empty, sorted, NULL));

   bson_t *sel3 = BCON_NEW ("_id", BCON_INT32 (3));
   bson_t *inc5 = BCON_NEW ("$inc", "{", "n", BCON_INT32 (5), "}");
   if (!mongoc_collection_update_one (items, sel3, inc5, NULL, &reply, &error)) fail ("updateOne", &error);
   step_int64 ("updateOne", int_field (&reply, "modifiedCount"));
   bson_destroy (&reply);

   bson_t *sel2 = BCON_NEW ("_id", BCON_INT32 (2));
   if (!mongoc_collection_delete_one (items, sel2, NULL, &reply, &error)) fail ("deleteOne", &error);
   step_int64 ("deleteOne", int_field (&reply, "deletedCount"));
   bson_destroy (&reply);

   bson_t *ordered = BCON_NEW ("ordered", BCON_BOOL (true));
   mongoc_bulk_operation_t *bulk = mongoc_collection_create_bulk_operation_with_opts (items, ordered);
   bson_t *d4 = BCON_NEW ("_id", BCON_INT32 (4), "kind", "c", "n", BCON_INT32 (5));
   bson_t *d5 = BCON_NEW ("_id", BCON_INT32 (5), "kind", "d", "n", BCON_INT32 (1));
   bson_t *sel1 = BCON_NEW ("_id", BCON_INT32 (1));
   bson_t *set3 = BCON_NEW ("$set", "{", "n", BCON_INT32 (3), "}");
   bson_t *sel5 = BCON_NEW ("_id", BCON_INT32 (5));
   mongoc_bulk_operation_insert_with_opts (bulk, d4, NULL, &error);
   mongoc_bulk_operation_insert_with_opts (bulk, d5, NULL, &error);
   mongoc_bulk_operation_update_one_with_opts (bulk, sel1, set3, NULL, &error);
   mongoc_bulk_operation_remove_one_with_opts (bulk, sel5, NULL, &error);
   if (!mongoc_bulk_operation_execute (bulk, &reply, &error)) fail ("bulkWrite", &error);
   {
      bson_t step, counts;
      begin_step ("bulkWrite", &step);
      bson_append_document_begin (&step, "1", -1, &counts);
      BSON_APPEND_INT64 (&counts, "inserted", int_field (&reply, "nInserted"));
      BSON_APPEND_INT64 (&counts, "matched", int_field (&reply, "nMatched"));
      BSON_APPEND_INT64 (&counts, "modified", int_field (&reply, "nModified"));
      BSON_APPEND_INT64 (&counts, "deleted", int_field (&reply, "nRemoved"));
      bson_append_document_end (&step, &counts);
      end_step (&step);
   }
   bson_destroy (&reply);
   mongoc_bulk_operation_destroy (bulk);

   bson_t *group = BCON_NEW ("pipeline", "[",
                             "{", "$group", "{", "_id", "$kind", "total", "{", "$sum", "$n", "}", "}", "}",
                             "{", "$sort", "{", "_id", BCON_INT32 (1), "}", "}", "]");
   step_cursor ("aggregate", mongoc_collection_aggregate (items, MONGOC_QUERY_NONE, group, NULL, NULL));

   bson_t *documents = BCON_NEW ("pipeline", "[",
                                 "{", "$documents", "[", "{", "x", BCON_INT32 (1), "}", "{", "x", BCON_INT32 (2), "}", "]", "}",
                                 "{", "$match", "{", "x", BCON_INT32 (2), "}", "}", "]");
   step_cursor ("aggregateCollectionless", mongoc_database_aggregate (db, documents, NULL, NULL));

   bson_t *kindA = BCON_NEW ("kind", "a");
   int64_t counted = mongoc_collection_count_documents (items, kindA, NULL, NULL, NULL, &error);
   if (counted < 0) fail ("countDocuments", &error);
   step_int64 ("countDocuments", counted);
   int64_t estimated = mongoc_collection_estimated_document_count (items, NULL, NULL, NULL, &error);
   if (estimated < 0) fail ("estimatedDocumentCount", &error);
   step_int64 ("estimatedDocumentCount", estimated);

   mongoc_find_and_modify_opts_t *fam = mongoc_find_and_modify_opts_new ();
   bson_t *inc1 = BCON_NEW ("$inc", "{", "n", BCON_INT32 (1), "}");
   mongoc_find_and_modify_opts_set_update (fam, inc1);
   mongoc_find_and_modify_opts_set_flags (fam, MONGOC_FIND_AND_MODIFY_RETURN_NEW);
   bson_t *sel4 = BCON_NEW ("_id", BCON_INT32 (4));
   if (!mongoc_collection_find_and_modify_with_opts (items, sel4, fam, &reply, &error)) fail ("findOneAndUpdate", &error);
   {
      bson_iter_t iter;
      bson_t step;
      uint32_t len;
      const uint8_t *data;
      begin_step ("findOneAndUpdate", &step);
      if (bson_iter_init_find (&iter, &reply, "value") && BSON_ITER_HOLDS_DOCUMENT (&iter)) {
         bson_t value;
         bson_iter_document (&iter, &len, &data);
         bson_init_static (&value, data, len);
         bson_append_document (&step, "1", -1, &value);
      }
      end_step (&step);
   }
   bson_destroy (&reply);

   command (db, BCON_NEW ("createIndexes", "items", "indexes", "[", "{", "key", "{", "kind", BCON_INT32 (1), "}", "name", "kind_1", "}", "]"), &reply, "createIndexes");
   step_utf8 ("createIndex", int_field (&reply, "numIndexesAfter") == 2 ? "kind_1" : "createIndexes did not add an index");
   bson_destroy (&reply);
   {
      mongoc_cursor_t *cursor = mongoc_collection_find_indexes_with_opts (items, NULL);
      const bson_t *index;
      bson_t step, names;
      bson_iter_t iter;
      uint32_t i = 0;
      char buf[16];
      const char *key;
      begin_step ("listIndexes", &step);
      bson_append_array_begin (&step, "1", -1, &names);
      while (mongoc_cursor_next (cursor, &index)) {
         bson_uint32_to_string (i++, &key, buf, sizeof buf);
         if (bson_iter_init_find (&iter, index, "name")) BSON_APPEND_UTF8 (&names, key, bson_iter_utf8 (&iter, NULL));
      }
      if (mongoc_cursor_error (cursor, &error)) fail ("listIndexes", &error);
      bson_append_array_end (&step, &names);
      end_step (&step);
      mongoc_cursor_destroy (cursor);
   }

   command (db, BCON_NEW ("explain", "{", "find", "items", "filter", "{", "kind", "a", "}", "}", "verbosity", "queryPlanner"), &reply, "explain");
   step_utf8 ("explain", bson_has_field (&reply, "queryPlanner") ? "queryPlanner" : "no queryPlanner");
   bson_destroy (&reply);

   command (db, BCON_NEW ("collStats", "items"), &reply, "collStats");
   step_int64 ("stats", int_field (&reply, "count"));
   bson_destroy (&reply);

   command (db, BCON_NEW ("listCommands", BCON_INT32 (1)), &reply, "listCommands");
   step_bool ("listCommands", int_field (&reply, "commands.find.requiresAuth") >= 0 && bson_has_field (&reply, "commands.findandmodify"));
   bson_destroy (&reply);

   mongoc_collection_t *readerItems = mongoc_client_get_collection (reader, dbname, "items");
   bson_t *d9 = BCON_NEW ("_id", BCON_INT32 (9));
   if (mongoc_collection_insert_one (readerItems, d9, NULL, NULL, &error)) step_utf8 ("refusedInsert", "no error");
   else step_int64 ("refusedInsert", error.code);

   command (db, BCON_NEW ("find", "items", "batchSize", BCON_INT32 (1)), &reply, "find batchSize 1");
   int64_t cursorId = int_field (&reply, "cursor.id");
   bson_destroy (&reply);
   command (db, BCON_NEW ("killCursors", "items", "cursors", "[", BCON_INT64 (cursorId), "]"), &reply, "killCursors");
   int64_t killedCount = bson_has_field (&reply, "cursorsKilled.0") ? (bson_has_field (&reply, "cursorsKilled.1") ? 2 : 1) : 0;
   bson_destroy (&reply);
   {
      bson_t *getMore = BCON_NEW ("getMore", BCON_INT64 (cursorId), "collection", "items");
      bson_t step, pair;
      int64_t code = 0;
      if (!mongoc_database_command_simple (db, getMore, NULL, NULL, &error)) code = error.code;
      begin_step ("killedCursor", &step);
      bson_append_array_begin (&step, "1", -1, &pair);
      BSON_APPEND_INT64 (&pair, "0", killedCount);
      BSON_APPEND_INT64 (&pair, "1", code);
      bson_append_array_end (&step, &pair);
      end_step (&step);
      bson_destroy (getMore);
   }

   if (strcmp (connect_mode (), "direct") != 0) step_topology (admin);
   bson_t wrapper = BSON_INITIALIZER;
   BSON_APPEND_ARRAY (&wrapper, "t", &transcript);
   char *json = bson_as_relaxed_extended_json (&wrapper, NULL);
   printf ("%s\n", json);
   bson_free (json);
   mongoc_collection_destroy (readerItems);
   mongoc_collection_destroy (items);
   mongoc_database_destroy (db);
   mongoc_client_destroy (admin);
   mongoc_client_destroy (reader);
   mongoc_cleanup ();
   return 0;
}
