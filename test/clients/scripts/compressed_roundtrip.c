/* Writes and reads back one compressible document with libmongoc asking for $COMPRESSORS; prints its text's length. */
#include <mongoc/mongoc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail (const char *what, const bson_error_t *error) {
   fprintf (stderr, "%s: %s\n", what, error->message);
   exit (1);
}

int main (void) {
   bson_error_t error;
   char uri[4096];
   char text[13 * 500 + 1] = "";
   mongoc_init ();
   snprintf (uri, sizeof uri,
             "mongodb://127.0.0.1:%s/?tls=true&authMechanism=MONGODB-X509&authSource=%%24external&directConnection=true"
             "&compressors=%s&serverSelectionTimeoutMS=5000&tlsCAFile=%s&tlsCertificateKeyFile=%s",
             getenv ("PORT"), getenv ("COMPRESSORS"), getenv ("CA"), getenv ("CERT"));
   mongoc_uri_t *parsed = mongoc_uri_new_with_error (uri, &error);
   if (!parsed) fail ("uri", &error);
   mongoc_client_t *client = mongoc_client_new_from_uri (parsed);
   mongoc_uri_destroy (parsed);
   mongoc_client_set_error_api (client, MONGOC_ERROR_API_VERSION_2);
   mongoc_collection_t *items = mongoc_client_get_collection (client, "squeeze", getenv ("COLL"));
   for (int i = 0; i < 500; i++) strcat (text, "compressible ");
   bson_t *doc = BCON_NEW ("_id", BCON_INT32 (1), "text", BCON_UTF8 (text));
   if (!mongoc_collection_insert_one (items, doc, NULL, NULL, &error)) fail ("insert", &error);
   bson_destroy (doc);
   bson_t *filter = BCON_NEW ("_id", BCON_INT32 (1));
   mongoc_cursor_t *cursor = mongoc_collection_find_with_opts (items, filter, NULL, NULL);
   const bson_t *found;
   bson_iter_t iter;
   uint32_t length = 0;
   if (mongoc_cursor_next (cursor, &found) && bson_iter_init_find (&iter, found, "text")) bson_iter_utf8 (&iter, &length);
   if (mongoc_cursor_error (cursor, &error)) fail ("find", &error);
   printf ("[%u]\n", length);
   mongoc_cursor_destroy (cursor);
   bson_destroy (filter);
   mongoc_collection_destroy (items);
   mongoc_client_destroy (client);
   mongoc_cleanup ();
   return 0;
}
