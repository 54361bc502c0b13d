# The client matrix scenario with pymongo; prints the transcript as one JSON line.
# CONNECT: "direct" (directConnection=True), "plain" (no topology option: pymongo 3 then connects to the one
# seed as a single server), "discover" (directConnection=False) or "replicaSet" (replicaSet=$SET_NAME); other
# than "direct", the transcript ends with the topology pymongo saw.
import json, os, time
import pymongo
from pymongo import monitoring
from pymongo.server_type import SERVER_TYPE
from pymongo import InsertOne, UpdateOne, DeleteOne, ReturnDocument
from pymongo.errors import OperationFailure

MODE = os.environ.get("CONNECT", "direct")
TOPOLOGY = {"direct": {"directConnection": True}, "plain": {}, "discover": {"directConnection": False},
            "replicaSet": {"replicaSet": os.environ.get("SET_NAME")}}[MODE]

class TopologySeen(monitoring.TopologyListener):
    """Keeps the newest topology description the driver reports (pymongo 3.11 has no public getter)."""
    description = None
    def opened(self, event): pass
    def closed(self, event): pass
    def description_changed(self, event):
        TopologySeen.description = event.new_description

def connect(cert, listeners=()):
    return pymongo.MongoClient("localhost", int(os.environ["PORT"]), tls=True, tlsCAFile=os.environ["CA"],
        tlsCertificateKeyFile=cert, authMechanism="MONGODB-X509", serverSelectionTimeoutMS=5000,
        compressors="zlib", event_listeners=list(listeners), **TOPOLOGY)

def code_of(fn):
    try:
        fn()
        return "no error"
    except OperationFailure as error:
        return error.code

admin = connect(os.environ["ADMIN_CERT"], [TopologySeen()])
reader = connect(os.environ["READER_CERT"])
db = admin[os.environ["DB"]]
items = db["items"]
out = []
out.append(["ping", int(db.command("ping")["ok"])])
out.append(["insertMany", len(items.insert_many([{"_id": 1, "kind": "a", "n": 1}, {"_id": 2, "kind": "b", "n": 2}, {"_id": 3, "kind": "a", "n": 3}]).inserted_ids)])
out.append(["find", list(items.find({}).sort("_id", 1))])
out.append(["updateOne", items.update_one({"_id": 3}, {"$inc": {"n": 5}}).modified_count])
out.append(["deleteOne", items.delete_one({"_id": 2}).deleted_count])
bulk = items.bulk_write([InsertOne({"_id": 4, "kind": "c", "n": 5}), InsertOne({"_id": 5, "kind": "d", "n": 1}),
                         UpdateOne({"_id": 1}, {"$set": {"n": 3}}), DeleteOne({"_id": 5})], ordered=True)
out.append(["bulkWrite", {"inserted": bulk.inserted_count, "matched": bulk.matched_count, "modified": bulk.modified_count, "deleted": bulk.deleted_count}])
out.append(["aggregate", list(items.aggregate([{"$group": {"_id": "$kind", "total": {"$sum": "$n"}}}, {"$sort": {"_id": 1}}]))])
out.append(["aggregateCollectionless", [{k: v for k, v in d.items()} for d in db.aggregate([{"$documents": [{"x": 1}, {"x": 2}]}, {"$match": {"x": 2}}])]])
out.append(["countDocuments", items.count_documents({"kind": "a"})])
out.append(["estimatedDocumentCount", items.estimated_document_count()])
out.append(["findOneAndUpdate", items.find_one_and_update({"_id": 4}, {"$inc": {"n": 1}}, return_document=ReturnDocument.AFTER)])
out.append(["createIndex", items.create_index("kind")])
out.append(["listIndexes", [index["name"] for index in items.list_indexes()]])
explained = items.find({"kind": "a"}).explain()
out.append(["explain", "queryPlanner" if "queryPlanner" in explained else sorted(explained.keys())])
out.append(["stats", db.command("collstats", "items")["count"]])
commands = db.command("listCommands")["commands"]
out.append(["listCommands", "find" in commands and "findandmodify" in commands])
out.append(["refusedInsert", code_of(lambda: reader[os.environ["DB"]]["items"].insert_one({"_id": 9}))])
opened = db.command("find", "items", batchSize=1)
cursor_id = opened["cursor"]["id"]
killed = db.command("killCursors", "items", cursors=[cursor_id])
out.append(["killedCursor", [len(killed["cursorsKilled"]), code_of(lambda: db.command("getMore", cursor_id, collection="items"))]])
def settled_topology():
    """pymongo 3 hands SDAM events to a thread that runs once a second, so the newest processed description
    may still be the first (its server Unknown): wait, up to 10 s, until every server in it is known."""
    deadline = time.monotonic() + 10
    while True:
        description = TopologySeen.description
        if description is not None and all(s.server_type != SERVER_TYPE.Unknown for s in description.server_descriptions().values()):
            return description
        if time.monotonic() > deadline:
            return description
        time.sleep(0.05)

if MODE != "direct":
    topology = settled_topology()
    servers = topology.server_descriptions()
    set_names = sorted({s.replica_set_name for s in servers.values()})
    out.append(["topology", topology.topology_type_name, set_names, sorted(f"{host}:{port}" for host, port in servers)])
print(json.dumps(out), flush=True)
