/** A role granted to a database user, in the Atlas API's shape (`DatabaseUserRole`, atlas-api.md §4.2). */
export interface DatabaseUserRole {
  roleName: string;
  databaseName: string;
  /** Only for Atlas's collection-scoped `read` and `readWrite`. */
  collectionName?: string;
}
