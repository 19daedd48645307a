import GisementCommandLine
import Foundation
import GisementClient
import GisementSQLite
import Testing

/// What `gisement` says, in French and in English, through the built binary: the language comes
/// from `--lang`, else `LC_ALL`, `LC_MESSAGES`, `LANG`; codes stay codes in JSON and CSV.
struct FrenchCommandTests {
    static let french = ["LANG": "fr_FR.UTF-8"]

    @Test func language_fromLangFlagOrLocale() throws {
        let folder = TemporaryFolder()
        let db = folder.file("r.sqlite")
        let cases: [(arguments: [String], environment: [String: String], prefix: String)] = [
            (["lgo"], Self.french, "Erreur : Commande inconnue 'lgo' ; la liste est dans 'gisement --help'."),
            (["lgo"], [:], "Error: Unknown command 'lgo'; see 'gisement --help' for the list."),
            (["--lang", "en", "lgo"], Self.french, "Error: Unknown command 'lgo'"),
            (["lgo", "--lang=fr"], [:], "Erreur : Commande inconnue 'lgo'"),
            (["lgo"], ["LC_ALL": "C", "LANG": "fr_FR.UTF-8"], "Error: Unknown command"),
            (["lgo"], ["LC_MESSAGES": "fr_BE.UTF-8", "LANG": "en_GB.UTF-8"], "Erreur : Commande inconnue"),
            (["status", "--lang", "de"], [:], "Error: Invalid value 'de' for --lang; use one of fr, en."),
        ]
        for item in cases {
            let result = try GisementBinary.run(item.arguments, database: db, environment: item.environment)
            #expect(result.status == 64, "\(item.arguments)")
            #expect(result.error.hasPrefix(item.prefix), "\(item.arguments) \(item.environment): \(result.error)")
        }
        let french = try GisementBinary.run(["lgo"], environment: Self.french)
        #expect(french.error.contains("\nUtilisation : gisement <command> [<options>]\n  Voir 'gisement --help' pour en savoir plus.\n"))
    }

    @Test func help_inBothLanguages() throws {
        let french = try GisementBinary.run(["log", "--help", "--lang", "fr"])
        #expect(french.status == 0)
        #expect(french.output.hasPrefix("PRÉSENTATION : Saisir une collecte et afficher son identifiant.\n"))
        #expect(french.output.contains("\nUTILISATION : gisement log --test <test> --category <category>"))
        #expect(french.output.contains("  --kg <kg>               Poids en kilos, par ex. 12,5.\n"))
        #expect(french.output.contains("Catégorie de produits. (valeurs : electrical,"))
        #expect(french.output.contains("  --lang <fr|en>          La langue des messages"))
        let english = try GisementBinary.run(["log", "--help"])
        #expect(english.output.hasPrefix("OVERVIEW: Log a collection and print its id.\n"))
        #expect(english.output.contains("  --kg <kg>               Weight in kilograms, e.g. 12.5.\n"))
        let root = try GisementBinary.run(["--help"], environment: Self.french)
        #expect(root.output.contains("SOUS-COMMANDES :\n  init                    Créer la réplique locale"))
    }

    @Test func fieldCommands_sayItInFrench_withFrenchLabelsNumbersAndDates() throws {
        let replica = try FieldReplica.make()
        func fr(_ arguments: [String]) throws -> RunResult { try replica.run(arguments, environment: Self.french) }
        let id = try replica.must([
            "log", "--test", "Bellevue spring", "--category", "books-media", "--kg", "1234,5", "--items", "3",
            "--source", "door-to-door", "--at", "2026-03-21 10:00", "--outcome", "reused",
        ])
        let list = try fr(["list", "collections"])
        #expect(list.status == 0)
        #expect(list.output.contains("QUAND"))
        #expect(list.output.contains("21/03/2026 10:00"))
        #expect(list.output.contains("livres et médias"))
        #expect(list.output.contains("1 234,5 kg"))
        #expect(list.output.contains("porte-à-porte"))
        #expect(list.output.contains("réemployé"))
        let english = try replica.must(["list", "collections"])
        #expect(english.contains("2026-03-21 10:00") && english.contains("1234.5 kg") && english.contains("door-to-door"))
        // Codes never change: JSON and CSV are the same in both languages.
        #expect(try fr(["list", "collections", "--json"]).output == (try replica.run(["list", "collections", "--json"])).output)
        #expect(try fr(["export", "collections"]).output.hasPrefix("id,test,district,collected_at,source,partner,category"))
        #expect(try fr(["show", id]).output.contains("  source        porte-à-porte\n"))

        let show = try fr(["test", "show", "Bellevue spring"]).output
        #expect(show.contains("Partenaires : aucun pour l'instant"))
        #expect(show.contains("Collectes : 1 (3 objets, 1 234,5 kg)"))
        #expect(show.contains("  réemployé : 1 (3 objets, 1 234,5 kg)"))
        #expect(try fr(["set", id, "sold_items=2"]).output == "Fiche collecte \(id) modifiée : sold_items.\n")
        #expect(try fr(["set", id, "sold_items=2"]).output == "Rien à changer : la fiche collecte \(id) a déjà ces valeurs.\n")
        #expect(try fr(["status"]).output.contains("En attente      "))
        #expect(try fr(["conflicts"]).output == "Aucun conflit vu.\n")

        let report = try fr(["report", "--test", "Bellevue spring"]).output
        #expect(report.hasPrefix("Test «\u{00A0}Bellevue spring\u{00A0}»\nQuartier : Bellevue, 12 400 habitants\n"))
        #expect(report.contains("\nSynthèse\n"))
        #expect(report.contains("  Poids  "))
        #expect(report.contains("1 234,5 kg"))
        #expect(report.contains("\nPar catégorie\n"))
        #expect(report.contains("livres et médias"))
        #expect(report.contains("\nIdentifiants\n  test Bellevue spring : \(replica.testID)\n"))
        #expect(!report.components(separatedBy: "\nIdentifiants\n")[0].contains(replica.testID))

        #expect(try fr(["rm", id]).output == "Fiche collecte \(id) supprimée.\n")
        #expect(try fr(["list", "collections"]).output == "Pas encore de collectes.\n")
    }

    @Test func errors_inFrench_andInEnglish() throws {
        let replica = try FieldReplica.make()
        let cases: [(arguments: [String], status: Int32, french: String, english: String)] = [
            (["log", "--test", "Bellevue spring", "--category", "tools", "--kg", "abc"], 64,
             "Erreur : Valeur 'abc' invalide pour --kg : doit être un nombre comme 12,5, reçu 'abc'.",
             "Error: Invalid value 'abc' for --kg: must be a number like 12.5, got 'abc'."),
            (["log", "--test", "Nowhere", "--category", "tools"], 65,
             "Erreur : Il n'y a pas de test d'identifiant ou de nom 'Nowhere' (pour --test) ; voir 'gisement test list' pour la liste.",
             "Error: No test has the id or name 'Nowhere' (for --test); see 'gisement test list' for the list."),
            (["district", "add", "B", "--population", "-4"], 64,
             "Erreur : Valeur '-4' invalide pour --population : doit être un nombre entier supérieur ou égal à 0, reçu -4.",
             "Error: Invalid value '-4' for --population: must be a whole number of at least 0, got -4."),
        ]
        for item in cases {
            let french = try replica.run(item.arguments, environment: Self.french)
            #expect(french.status == item.status)
            #expect(french.error.hasPrefix(item.french + "\n"), "\(french.error)")
            let english = try replica.run(item.arguments)
            #expect(english.error.hasPrefix(item.english + "\n"), "\(english.error)")
        }
    }

    @Test func trialMessages_fixed() throws {
        let replica = try FieldReplica.make()
        // A long note is described by its length, not echoed back.
        let note = String(repeating: "n", count: 2_001)
        let long = try replica.run(["log", "--test", "Bellevue spring", "--category", "tools", "--notes", note])
        #expect(long.status == 64)
        #expect(long.error.hasPrefix("Error: Invalid value a value of 2 001 characters for --notes: is 2001 characters long; the limit is 2000."))
        #expect(!long.error.contains("nnnnnnnnnn"))
        // A file name is never capitalised.
        let folder = TemporaryFolder()
        let other = folder.file("other.db")
        _ = try GisementBinary.run(["init"], database: other)
        let again = try GisementBinary.run(["init"], database: other)
        #expect(again.error.hasPrefix("Error: \(other) already holds replica r-"))
        #expect(!again.error.contains("Other.db"))
        // A relative file name at the start of a message keeps its lower case.
        let foreign = CLIError.from(MigrationError.foreignDatabase(path: "other.db", applicationID: 42))
        #expect(foreign.message == "other.db is not a database of this program; give another path or move that file away.")
        let newer = CLIError.from(MigrationError.newerSchema(path: "other.db", unknownMigrations: ["099-future"]))
        #expect(newer.message.hasPrefix("other.db was written by a newer version of Gisement (migration 099-future)"))
        // A folder given to --out is refused with what to give instead.
        let out = try replica.run(["report", "--format", "html", "--out", folder.path + "/"])
        #expect(out.status == 64)
        #expect(out.error.hasPrefix("Error: --out \(folder.path)/ is a folder; give a file name in it, e.g. \(folder.path)/report.html."))
        #expect(!out.error.contains("Not a directory"))
        // http:// alone is no server.
        let server = try GisementBinary.run(["init", "--server", "http://"], database: folder.file("s.db"))
        #expect(server.status == 64)
        #expect(server.error.hasPrefix("Error: Invalid value 'http://' for --server; give the server's full address, a host after http:// or https://"))
        // No literal KIND in a hint.
        let unknown = try replica.run(["show", "c-nothing"])
        #expect(!unknown.error.contains("KIND"))
    }

    @Test func sameName_refusedUnlessAllowed() throws {
        let replica = try FieldReplica.make()
        let test = try replica.run(["test", "create", "Bellevue spring", "--district", "Bellevue"])
        #expect(test.status == 65)
        #expect(test.error.hasPrefix("Error: A test named 'Bellevue spring' already exists (\(replica.testID));"))
        let district = try replica.run(["district", "add", "Bellevue"], environment: Self.french)
        #expect(district.status == 65)
        #expect(district.error.contains("Il existe déjà un quartier portant le nom 'Bellevue' (\(replica.districtID))"))
        #expect(try replica.run(["test", "create", "Bellevue spring", "--district", "Bellevue", "--allow-same-name"]).status == 0)
        #expect(try replica.run(["district", "add", "Bellevue", "--allow-same-name"]).status == 0)
        // A removed record's name is free again.
        let other = try replica.must(["test", "create", "Autumn", "--district", replica.districtID])
        try replica.must(["rm", other])
        #expect(try replica.run(["test", "create", "Autumn", "--district", replica.districtID]).status == 0)
    }

    @Test func listAndExport_filters() throws {
        let replica = try FieldReplica.make()
        let other = try replica.must(["test", "create", "Autumn", "--district", "Bellevue"])
        let a = try replica.must(["log", "--test", "Bellevue spring", "--category", "tools", "--at", "2026-03-01 09:00"])
        let b = try replica.must(["log", "--test", "Bellevue spring", "--category", "textiles", "--at", "2026-03-15 09:00"])
        let c = try replica.must(["log", "--test", "Autumn", "--category", "tools", "--at", "2026-04-01 09:00"])
        try replica.must(["set", c, "agent=Binta"])
        func ids(_ arguments: [String]) throws -> Set<String> {
            let output = try replica.must(["list", "collections", "--json"] + arguments)
            return Set((try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [[String: Any]]).map { $0["id"] as! String })
        }
        #expect(try ids(["--category", "tools"]) == [a, c])
        #expect(try ids(["--agent", "Binta"]) == [c])
        #expect(try ids(["--agent", "Awa"]) == [a, b])
        #expect(try ids(["--from", "2026-03-02"]) == [b, c])
        #expect(try ids(["--from", "01/03/2026", "--to", "15/03/2026"]) == [a, b])
        #expect(try ids(["--to", "2026-03-14", "--category", "tools"]) == [a])
        let bad = try replica.run(["list", "tests", "--category", "tools"])
        #expect(bad.status == 64)
        let reversed = try replica.run(["list", "collections", "--from", "2026-03-02", "--to", "2026-03-01"])
        #expect(reversed.error.hasPrefix("Error: --to 2026-03-01 is before --from 2026-03-02."))
        let export = try replica.must(["export", "collections", "--test", "Autumn"])
        #expect(export.contains(c) && !export.contains(a))
        #expect(try replica.must(["export", "collections", "--district", "Bellevue"]).components(separatedBy: "\r\nc-").count == 4)
        #expect(try replica.must(["export", "tests", "--district", "Bellevue", "--format", "json"]).contains(other))
    }

    @Test func plausibility_warnsButSaves() throws {
        let replica = try FieldReplica.make()
        try replica.must(["set", replica.testID, "starts_on=2026-03-01", "ends_on=2026-03-31"])
        let late = try replica.run(
            ["log", "--test", "Bellevue spring", "--category", "tools", "--at", "2026-05-02 10:00", "--kg", "2500"],
            environment: Self.french)
        #expect(late.status == 0)
        #expect(late.error.contains("Attention : la collecte \(late.trimmed) est enregistrée, mais elle tombe hors des dates de son test (du 01/03/2026 au 31/03/2026) ; elle pèse 2 500 kg par objet, plus de 1 000 kg ;"))
        let sold = try replica.run(["set", late.trimmed, "sold_items=4", "collected_at=2026-03-02T10:00:00Z", "weight_kg=2"])
        #expect(sold.status == 0)
        #expect(sold.error.contains("Warning: collection \(late.trimmed) was saved, but it sells more items (4) than it collected (1);"))
        let fine = try replica.run(["log", "--test", "Bellevue spring", "--category", "tools", "--at", "2026-03-05 10:00"])
        #expect(fine.error.isEmpty)
        let json = try replica.must(["report", "--test", "Bellevue spring", "--format", "json"])
        #expect(json.contains(#""implausible_collections":1,"#))
    }
}
