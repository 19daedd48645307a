import Foundation
import Testing

/// The sync summary, a lost edit and a refusal, in French and in English, between real replicas
/// and a real server.
@Suite(.serialized) struct FrenchSyncTests {
    @Test func summaryAndConflict_inFrench_jsonUnchanged() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let karim = try cluster.agent("karim")
        let district = try awa.ok(["district", "add", "Bellevue"])
        let test = try awa.ok(["test", "create", "Printemps", "--district", district])
        let collection = try awa.ok(["log", "--test", test, "--category", "tools", "--kg", "2,5"])
        let first = try awa.run(["sync", "--lang", "fr"])
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("Synchronisé avec \(cluster.server.url) : envoyés "))
        #expect(first.stdout.contains(", reçus 0, 0 conflits.\n"))
        _ = try karim.sync()
        // Concurrent edits of one field: Karim's, later, wins; Awa is told in French.
        try awa.ok(["set", collection, "weight_kg=3"])
        try karim.ok(["set", collection, "weight_kg=4,5"])
        _ = try karim.sync()
        let lost = try awa.run(["sync"], environment: ["LANG": "fr_FR.UTF-8"])
        #expect(lost.status == 0)
        #expect(lost.stdout.contains(", reçus 1, 1 conflit.\n"))
        #expect(lost.stdout.contains("Votre modification a perdu face à une modification concurrente :\n"))
        #expect(lost.stdout.contains("  collecte \(collection) (outillage) weight_kg : la vôtre 3, gardée 4,5 (écrite par r-"))
        #expect(lost.stdout.contains("'gisement conflicts' les garde ; 'gisement set ID CHAMP=VALEUR' réécrit la vôtre."))
        let conflicts = try awa.run(["conflicts", "--lang", "fr"])
        #expect(conflicts.stdout.hasPrefix("VU LE"))
        #expect(conflicts.stdout.contains("cette réplique"))
        // JSON is the same in both languages.
        let english = try awa.run(["sync", "--json"])
        let french = try awa.run(["sync", "--json", "--lang", "fr"])
        #expect(english.stdout.contains(#""pushed":0"#) && french.stdout.contains(#""pushed":0"#))
        #expect(!french.stdout.contains("Synchronisé"))
    }

    @Test func refusedToken_inFrench() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let refused = try awa.run(["sync", "--token", "gis_not-a-real-token", "--lang", "fr"])
        #expect(refused.status == 77)
        #expect(refused.stderr.hasPrefix(
            "Erreur : Le serveur \(cluster.server.url) a refusé le jeton : il ne connaît pas ce jeton"))
    }
}
