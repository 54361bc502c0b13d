# Writes and reads back one compressible document with pymongo asking for $COMPRESSORS; prints its text's length.
import json, os
import pymongo

client = pymongo.MongoClient("127.0.0.1", int(os.environ["PORT"]), tls=True, tlsCAFile=os.environ["CA"],
    tlsCertificateKeyFile=os.environ["CERT"], authMechanism="MONGODB-X509", serverSelectionTimeoutMS=5000,
    directConnection=True, compressors=os.environ["COMPRESSORS"])
items = client["squeeze"][os.environ["COLL"]]
items.insert_one({"_id": 1, "text": "compressible " * 500})
print(json.dumps([len(items.find_one({"_id": 1})["text"])]), flush=True)
