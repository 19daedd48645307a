/// The values users pick from, as in the domain brief. One list each, read by the schema,
/// the command line help and the docs.
public enum Vocabulary {
    public static let partnerKinds = [
        "association", "social-landlord", "eco-organism", "municipality", "intercommunality", "department",
        "region", "regional-park", "insertion-workshop", "company", "retailer", "operator", "public-service",
        "other",
    ]
    public static let categories = [
        "electrical", "textiles", "furniture", "books-media", "leisure", "tools", "other",
    ]
    public static let sources = [
        "door-to-door", "drop-off-point", "partner-site", "event", "waste-center", "other",
    ]
    public static let conditions = ["reusable", "repairable", "recyclable", "waste"]
    public static let outcomes = ["pending", "reused", "repaired", "recycled", "disposed"]
    public static let habitats = ["rural", "semi-urban", "dense-urban"]
    public static let roles = ["supplier", "collector", "repairer", "funder", "communication", "other"]
    public static let testStatuses = ["planned", "running", "closed"]
}
