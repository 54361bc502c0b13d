// Writes and reads back one compressible document with the Go driver asking for $COMPRESSORS; prints its text's length.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	uri := fmt.Sprintf("mongodb://127.0.0.1:%s/?tls=true&authMechanism=MONGODB-X509&authSource=%%24external&directConnection=true&compressors=%s&tlsCAFile=%s&tlsCertificateKeyFile=%s",
		os.Getenv("PORT"), os.Getenv("COMPRESSORS"), url.QueryEscape(os.Getenv("CA")), url.QueryEscape(os.Getenv("CERT")))
	client, err := mongo.Connect(ctx, options.Client().ApplyURI(uri).SetServerSelectionTimeout(5*time.Second))
	must(err)
	defer client.Disconnect(ctx)
	items := client.Database("squeeze").Collection(os.Getenv("COLL"))
	_, err = items.InsertOne(ctx, bson.D{{Key: "_id", Value: 1}, {Key: "text", Value: strings.Repeat("compressible ", 500)}})
	must(err)
	var found struct {
		Text string `bson:"text"`
	}
	must(items.FindOne(ctx, bson.D{{Key: "_id", Value: 1}}).Decode(&found))
	out, err := json.Marshal([]int{len(found.Text)})
	must(err)
	fmt.Println(string(out))
}
