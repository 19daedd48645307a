import GisementShared
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The catalogues are complete and consistent: both languages hold the same ids with the same
/// `{blanks}`, every id the code asks for exists, and every schema field and vocabulary code
/// has a label.
struct MessageCatalogueTests {
    @Test func bothLanguagesHoldTheSameIDs() {
        let english = Set(MessageCatalogue.table(.en).keys)
        let french = Set(MessageCatalogue.table(.fr).keys)
        #expect(english.subtracting(french).sorted() == [], "ids without French")
        #expect(french.subtracting(english).sorted() == [], "ids without English")
        #expect(english.count > 600)
    }

    @Test func placeholdersMatchInBothLanguages() {
        let french = MessageCatalogue.table(.fr)
        for (id, english) in MessageCatalogue.table(.en) {
            guard let translation = french[id] else { continue }
            #expect(
                MessageCatalogue.placeholders(english) == MessageCatalogue.placeholders(translation),
                "\(id): \(english) / \(translation)")
        }
    }

    @Test func frenchIsNotEnglishCopied() {
        // Codes and a few words are the same in both; whole sentences never are.
        let french = MessageCatalogue.table(.fr)
        let copied = MessageCatalogue.table(.en).filter { id, text in
            !id.hasPrefix("value.") && text.count > 30 && french[id] == text
        }
        #expect(copied.keys.sorted() == [])
    }

    @Test func fillsBlanksAndKeepsUnknownOnes() {
        #expect(MessageCatalogue.text("parse.unknownOption", ["option": "--x"], language: .en) == "Unknown option '--x'.")
        #expect(MessageCatalogue.text("parse.unknownOption", ["option": "--x"], language: .fr) == "Option inconnue '--x'.")
        #expect(MessageCatalogue.placeholders("a {b} c {d}") == ["b", "d"])
    }

    @Test func localeVariablesChooseTheLanguage() {
        #expect(Language.fromLocale(lcAll: nil, lcMessages: nil, lang: "fr_FR.UTF-8") == .fr)
        #expect(Language.fromLocale(lcAll: "C", lcMessages: "fr_FR", lang: "fr_FR") == .en)
        #expect(Language.fromLocale(lcAll: "", lcMessages: "fr_BE.UTF-8", lang: "en_US") == .fr)
        #expect(Language.fromLocale(lcAll: nil, lcMessages: nil, lang: nil) == .en)
    }

    @Test func everySchemaFieldAndCodeHasLabels() {
        for kind in RecordKind.allCases {
            for spec in Schema.of(kind).fields {
                let id = spec.name == Schema.deletedField ? "field.any.deleted" : "field.\(kind.rawValue).\(spec.name)"
                #expect(MessageCatalogue.contains(id), "\(id)")
                if case .choice(let codes) = spec.type {
                    for code in codes { #expect(MessageCatalogue.contains("value.\(spec.name).\(code)"), "\(spec.name)=\(code)") }
                }
            }
            #expect(MessageCatalogue.contains("kind.\(kind.rawValue)"))
        }
        Language.$current.withValue(.fr) {
            #expect(Vocabulary.label("door-to-door", field: "source") == "porte-à-porte")
            #expect(Vocabulary.label("waste-center", field: "source") == "déchèterie")
            #expect(Vocabulary.label("social-landlord", field: "kind") == "bailleur social")
            #expect(Vocabulary.label("disposed", field: "outcome") == "éliminé")
        }
        #expect(Vocabulary.label("door-to-door", field: "source") == "door-to-door")
    }

    /// Every `localized("id")` written in Client/ and Shared/ names an id of the catalogue.
    @Test func everyIDTheCodeUsesExists() throws {
        let root = String(#filePath.prefix(upTo: #filePath.range(of: "/Tests/")!.lowerBound))
        var missing: [String] = []
        var used = 0
        for folder in ["Client", "Shared", "Server"] {
            for file in SourceFiles.swiftFiles(under: root + "/" + folder) {
                for id in SourceFiles.localizedIDs(in: SourceFiles.read(file)) {
                    used += 1
                    if !MessageCatalogue.contains(id) { missing.append("\(file.dropFirst(root.count)): \(id)") }
                }
            }
        }
        #expect(missing == [])
        #expect(used > 400)
    }
}

/// Reads the package's Swift sources for the catalogue test (no Foundation in this target).
enum SourceFiles {
    static func swiftFiles(under path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var out: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let full = path + "/" + name
            if entry.pointee.d_type == DT_DIR {
                out += swiftFiles(under: full)
            } else if name.hasSuffix(".swift") {
                out.append(full)
            }
        }
        return out
    }

    static func read(_ path: String) -> String {
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The literal ids in `localized("…"` and `MessageCatalogue.text("…"` calls.
    static func localizedIDs(in source: String) -> [String] {
        var ids: [String] = []
        for marker in ["localized(\"", "MessageCatalogue.text(\"", "CatalogueMessage(\""] {
            var rest = Substring(source)
            while let range = rest.range(of: marker) {
                let after = rest[range.upperBound...]
                guard let end = after.firstIndex(of: "\"") else { break }
                let id = String(after[..<end])
                // An id built from a prefix (`"list.column." + name`) is checked by the tests of its command.
                if !id.contains("\\("), !id.hasSuffix(".") { ids.append(id) }
                rest = after[end...]
            }
        }
        return ids
    }
}
