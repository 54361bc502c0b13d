// The client matrix scenario with the Go driver; prints the transcript as one JSON line.
// CONNECT: "direct" (directConnection=true), "plain" (no topology option: the driver discovers) or
// "replicaSet" (replicaSet=$SET_NAME); other than "direct", the transcript ends with the topology the driver saw.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/event"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/description"
	"go.mongodb.org/mongo-driver/mongo/options"
)

var mode = os.Getenv("CONNECT")

// The newest topology description the admin client's driver reported.
var (
	topologyMu sync.Mutex
	topology   description.Topology
)

func connect(ctx context.Context, cert string, watch bool) *mongo.Client {
	option := map[string]string{"": "&directConnection=true", "direct": "&directConnection=true", "plain": "", "replicaSet": "&replicaSet=" + os.Getenv("SET_NAME")}[mode]
	uri := fmt.Sprintf("mongodb://localhost:%s/?tls=true&authMechanism=MONGODB-X509&authSource=%%24external%s&compressors=zlib&tlsCAFile=%s&tlsCertificateKeyFile=%s",
		os.Getenv("PORT"), option, os.Getenv("CA"), cert)
	opts := options.Client().ApplyURI(uri).SetServerSelectionTimeout(5 * time.Second)
	if watch {
		opts.SetServerMonitor(&event.ServerMonitor{TopologyDescriptionChanged: func(e *event.TopologyDescriptionChangedEvent) {
			topologyMu.Lock()
			topology = e.NewDescription
			topologyMu.Unlock()
		}})
	}
	client, err := mongo.Connect(ctx, opts)
	must(err)
	return client
}

// The topology step: its kind, the set names its servers report, and their addresses.
func topologyStep() []interface{} {
	topologyMu.Lock()
	defer topologyMu.Unlock()
	names := map[string]bool{}
	hosts := []string{}
	for _, server := range topology.Servers {
		names[server.SetName] = true
		hosts = append(hosts, server.Addr.String())
	}
	setNames := []string{}
	for name := range names {
		setNames = append(setNames, name)
	}
	sort.Strings(setNames)
	sort.Strings(hosts)
	return []interface{}{"topology", topology.Kind.String(), setNames, hosts}
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func codeOf(err error) interface{} {
	if err == nil {
		return "no error"
	}
	var server mongo.ServerError
	if errors.As(err, &server) {
		for _, code := range []int{13, 43} {
			if server.HasErrorCode(code) {
				return code
			}
		}
	}
	return err.Error()
}

func all(ctx context.Context, cursor *mongo.Cursor, err error) []bson.D {
	must(err)
	var docs []bson.D
	must(cursor.All(ctx, &docs))
	return docs
}

// plain turns bson.D (ordered) into JSON-friendly ordered output.
type ordered bson.D

func (d ordered) MarshalJSON() ([]byte, error) {
	out := []byte("{")
	for i, e := range d {
		if i > 0 {
			out = append(out, ',')
		}
		key, _ := json.Marshal(e.Key)
		value, err := json.Marshal(jsonValue(e.Value))
		if err != nil {
			return nil, err
		}
		out = append(append(append(out, key...), ':'), value...)
	}
	return append(out, '}'), nil
}

func jsonValue(v interface{}) interface{} {
	switch t := v.(type) {
	case bson.D:
		return ordered(t)
	case int32:
		return int64(t)
	default:
		return t
	}
}

func docs(list []bson.D) []interface{} {
	out := make([]interface{}, len(list))
	for i, d := range list {
		out[i] = ordered(d)
	}
	return out
}

func main() {
	ctx := context.Background()
	admin := connect(ctx, os.Getenv("ADMIN_CERT"), true)
	reader := connect(ctx, os.Getenv("READER_CERT"), false)
	defer admin.Disconnect(ctx)
	defer reader.Disconnect(ctx)
	db := admin.Database(os.Getenv("DB"))
	items := db.Collection("items")
	out := []interface{}{}
	add := func(step string, value interface{}) { out = append(out, []interface{}{step, value}) }

	var ping bson.M
	must(db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Decode(&ping))
	add("ping", ping["ok"])
	inserted, err := items.InsertMany(ctx, []interface{}{
		bson.D{{Key: "_id", Value: 1}, {Key: "kind", Value: "a"}, {Key: "n", Value: 1}},
		bson.D{{Key: "_id", Value: 2}, {Key: "kind", Value: "b"}, {Key: "n", Value: 2}},
		bson.D{{Key: "_id", Value: 3}, {Key: "kind", Value: "a"}, {Key: "n", Value: 3}},
	})
	must(err)
	add("insertMany", len(inserted.InsertedIDs))
	cursor, err := items.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	add("find", docs(all(ctx, cursor, err)))
	updated, err := items.UpdateOne(ctx, bson.D{{Key: "_id", Value: 3}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 5}}}})
	must(err)
	add("updateOne", updated.ModifiedCount)
	deleted, err := items.DeleteOne(ctx, bson.D{{Key: "_id", Value: 2}})
	must(err)
	add("deleteOne", deleted.DeletedCount)
	bulk, err := items.BulkWrite(ctx, []mongo.WriteModel{
		mongo.NewInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 4}, {Key: "kind", Value: "c"}, {Key: "n", Value: 5}}),
		mongo.NewInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 5}, {Key: "kind", Value: "d"}, {Key: "n", Value: 1}}),
		mongo.NewUpdateOneModel().SetFilter(bson.D{{Key: "_id", Value: 1}}).SetUpdate(bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: 3}}}}),
		mongo.NewDeleteOneModel().SetFilter(bson.D{{Key: "_id", Value: 5}}),
	}, options.BulkWrite().SetOrdered(true))
	must(err)
	add("bulkWrite", map[string]int64{"inserted": bulk.InsertedCount, "matched": bulk.MatchedCount, "modified": bulk.ModifiedCount, "deleted": bulk.DeletedCount})
	cursor, err = items.Aggregate(ctx, mongo.Pipeline{
		{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$kind"}, {Key: "total", Value: bson.D{{Key: "$sum", Value: "$n"}}}}}},
		{{Key: "$sort", Value: bson.D{{Key: "_id", Value: 1}}}},
	})
	add("aggregate", docs(all(ctx, cursor, err)))
	cursor, err = db.Aggregate(ctx, mongo.Pipeline{
		{{Key: "$documents", Value: bson.A{bson.D{{Key: "x", Value: 1}}, bson.D{{Key: "x", Value: 2}}}}},
		{{Key: "$match", Value: bson.D{{Key: "x", Value: 2}}}},
	})
	add("aggregateCollectionless", docs(all(ctx, cursor, err)))
	counted, err := items.CountDocuments(ctx, bson.D{{Key: "kind", Value: "a"}})
	must(err)
	add("countDocuments", counted)
	estimated, err := items.EstimatedDocumentCount(ctx)
	must(err)
	add("estimatedDocumentCount", estimated)
	var after bson.D
	must(items.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: 4}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&after))
	add("findOneAndUpdate", ordered(after))
	name, err := items.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "kind", Value: 1}}})
	must(err)
	add("createIndex", name)
	cursor, err = items.Indexes().List(ctx)
	names := []interface{}{}
	for _, index := range all(ctx, cursor, err) {
		names = append(names, index.Map()["name"])
	}
	add("listIndexes", names)
	var explained bson.M
	must(db.RunCommand(ctx, bson.D{{Key: "explain", Value: bson.D{{Key: "find", Value: "items"}, {Key: "filter", Value: bson.D{{Key: "kind", Value: "a"}}}}}, {Key: "verbosity", Value: "queryPlanner"}}).Decode(&explained))
	if _, ok := explained["queryPlanner"]; ok {
		add("explain", "queryPlanner")
	} else {
		add("explain", explained)
	}
	var stats bson.M
	must(db.RunCommand(ctx, bson.D{{Key: "collStats", Value: "items"}}).Decode(&stats))
	add("stats", stats["count"])
	var listed struct {
		Commands map[string]interface{} `bson:"commands"`
	}
	must(db.RunCommand(ctx, bson.D{{Key: "listCommands", Value: 1}}).Decode(&listed))
	_, hasFind := listed.Commands["find"]
	_, hasAlias := listed.Commands["findandmodify"]
	add("listCommands", hasFind && hasAlias)
	_, err = reader.Database(os.Getenv("DB")).Collection("items").InsertOne(ctx, bson.D{{Key: "_id", Value: 9}})
	add("refusedInsert", codeOf(err))
	var opened struct {
		Cursor struct {
			ID int64 `bson:"id"`
		} `bson:"cursor"`
	}
	must(db.RunCommand(ctx, bson.D{{Key: "find", Value: "items"}, {Key: "batchSize", Value: 1}}).Decode(&opened))
	var killed struct {
		CursorsKilled []int64 `bson:"cursorsKilled"`
	}
	must(db.RunCommand(ctx, bson.D{{Key: "killCursors", Value: "items"}, {Key: "cursors", Value: bson.A{opened.Cursor.ID}}}).Decode(&killed))
	getMoreErr := db.RunCommand(ctx, bson.D{{Key: "getMore", Value: opened.Cursor.ID}, {Key: "collection", Value: "items"}}).Err()
	add("killedCursor", []interface{}{len(killed.CursorsKilled), codeOf(getMoreErr)})
	if mode != "" && mode != "direct" {
		out = append(out, topologyStep())
	}
	encoded, err := json.Marshal(out)
	must(err)
	fmt.Println(string(encoded))
}
