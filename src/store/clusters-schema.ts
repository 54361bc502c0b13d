/**
 * The tables of the data plane's control side: clusters (one gateway listener each) and the
 * deployment-wide server CA that signs the gateways' TLS certificates.
 */

/** clusters: a project's data-plane endpoints. */
export interface ClustersTable {
  id: string;
  project_id: string;
  /** Atlas's cluster name, unique in its project. */
  name: string;
  /** The gateway port, unique in the deployment (taken from the configured range). */
  port: number;
  /** `embedded` or `upstream`; selects the backend factory. */
  backend_kind: string;
  /** JSON of the backend's settings (`{}` for the embedded backend). */
  backend_config: string;
  /** CREATING until a gateway listens on the port, then IDLE. */
  state_name: string;
  created_at: string;
}

/** deployment_server_ca: one row, the CA behind every gateway's server certificate. */
export interface DeploymentServerCaTable {
  /** Always `server-ca`: the table holds a single row. */
  id: string;
  key_algorithm: string;
  certificate_pem: string;
  /** base64 of the PKCS#8 key sealed with the master key. */
  sealed_private_key: string;
  created_at: string;
}

/** The tables this file declares, merged into the store's `Database`. */
export interface ClustersDatabase {
  clusters: ClustersTable;
  deployment_server_ca: DeploymentServerCaTable;
}
