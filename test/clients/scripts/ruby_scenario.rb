# The client matrix scenario with the Ruby driver; prints the transcript as one JSON line.
# CONNECT: "direct" (connect: :direct), "plain" (no topology option: the driver discovers) or "replicaSet"
# (replica_set: $SET_NAME); other than "direct", the transcript ends with the topology the driver saw.
require "json"
require "mongo"

Mongo::Logger.logger.level = Logger::WARN

MODE = ENV.fetch("CONNECT", "direct")
TOPOLOGY = { "direct" => { connect: :direct }, "plain" => {}, "replicaSet" => { replica_set: ENV["SET_NAME"] } }.fetch(MODE)

def connect(cert)
  Mongo::Client.new(["localhost:#{ENV.fetch("PORT")}"], database: ENV.fetch("DB"), ssl: true, ssl_ca_cert: ENV.fetch("CA"),
    ssl_cert: cert, ssl_key: cert, auth_mech: :mongodb_x509, auth_source: "$external", server_selection_timeout: 5,
    compressors: ["zlib"], **TOPOLOGY)
end

def code_of
  yield
  "no error"
rescue Mongo::Error::OperationFailure => e
  # ruby-mongo 2.5 keeps the server's reply, not its code, on the error.
  e.instance_variable_get(:@result).documents.first["code"]
end

admin = connect(ENV.fetch("ADMIN_CERT"))
reader = connect(ENV.fetch("READER_CERT"))
db = admin.database
items = admin[:items]
out = []
out << ["ping", db.command(ping: 1).documents.first["ok"].to_i]
out << ["insertMany", items.insert_many([{ _id: 1, kind: "a", n: 1 }, { _id: 2, kind: "b", n: 2 }, { _id: 3, kind: "a", n: 3 }]).inserted_count]
out << ["find", items.find({}).sort(_id: 1).to_a]
out << ["updateOne", items.update_one({ _id: 3 }, { "$inc" => { n: 5 } }).modified_count]
out << ["deleteOne", items.delete_one(_id: 2).deleted_count]
bulk = items.bulk_write([
  { insert_one: { _id: 4, kind: "c", n: 5 } },
  { insert_one: { _id: 5, kind: "d", n: 1 } },
  { update_one: { filter: { _id: 1 }, update: { "$set" => { n: 3 } } } },
  { delete_one: { filter: { _id: 5 } } },
], ordered: true)
out << ["bulkWrite", { inserted: bulk.inserted_count, matched: bulk.matched_count, modified: bulk.modified_count, deleted: bulk.deleted_count }]
out << ["aggregate", items.aggregate([{ "$group" => { _id: "$kind", total: { "$sum" => "$n" } } }, { "$sort" => { _id: 1 } }]).to_a]
collectionless = db.command(aggregate: 1, pipeline: [{ "$documents" => [{ x: 1 }, { x: 2 }] }, { "$match" => { x: 2 } }], cursor: {})
out << ["aggregateCollectionless", collectionless.documents.first["cursor"]["firstBatch"]]
# ruby-mongo 2.5 predates count_documents and estimated_document_count: both are the count command.
out << ["countDocuments", items.count(kind: "a")]
out << ["estimatedDocumentCount", items.count]
out << ["findOneAndUpdate", items.find_one_and_update({ _id: 4 }, { "$inc" => { n: 1 } }, return_document: :after)]
# ruby-mongo 2.5's create_one answers the server's reply; the index's name is read back.
out << ["createIndex", items.indexes.create_one(kind: 1).successful? ? items.indexes.get(kind: 1)["name"] : "failed"]
out << ["listIndexes", items.indexes.map { |index| index["name"] }]
explained = items.find(kind: "a").explain
out << ["explain", explained.key?("queryPlanner") ? "queryPlanner" : explained.keys.sort]
out << ["stats", db.command(collstats: "items").documents.first["count"]]
commands = db.command(listCommands: 1).documents.first["commands"]
out << ["listCommands", commands.key?("find") && commands.key?("findandmodify")]
out << ["refusedInsert", code_of { reader[:items].insert_one(_id: 9) }]
opened = db.command(find: "items", batchSize: 1).documents.first["cursor"]["id"]
killed = db.command(killCursors: "items", cursors: [opened]).documents.first
out << ["killedCursor", [killed["cursorsKilled"].length, code_of { db.command(getMore: opened, collection: "items") }]]
if MODE != "direct"
  # ruby-mongo 2.5 names the topology ReplicaSet; with a primary among its servers it is what the SDAM spec calls ReplicaSetWithPrimary.
  topology = admin.cluster.topology
  servers = admin.cluster.servers
  kind = topology.class.name.split("::").last
  kind = "ReplicaSetWithPrimary" if kind == "ReplicaSet" && servers.any?(&:primary?)
  out << ["topology", kind, servers.map { |s| s.description.replica_set_name }.uniq.sort, servers.map { |s| s.address.to_s }.sort]
end
puts JSON.generate(out)
