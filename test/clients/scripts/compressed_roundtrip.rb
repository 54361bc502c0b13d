# Writes and reads back one compressible document with the Ruby driver asking for $COMPRESSORS; prints its text's length.
require "json"
require "mongo"

Mongo::Logger.logger.level = Logger::WARN
client = Mongo::Client.new(["127.0.0.1:#{ENV.fetch("PORT")}"], database: "squeeze", ssl: true, ssl_ca_cert: ENV.fetch("CA"),
  ssl_cert: ENV.fetch("CERT"), ssl_key: ENV.fetch("CERT"), auth_mech: :mongodb_x509, auth_source: "$external", connect: :direct,
  server_selection_timeout: 5, compressors: ENV.fetch("COMPRESSORS").split(","))
items = client[ENV.fetch("COLL")]
items.insert_one(_id: 1, text: "compressible " * 500)
puts JSON.generate([items.find(_id: 1).first["text"].length])
