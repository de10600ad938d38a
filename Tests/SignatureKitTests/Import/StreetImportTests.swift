import Foundation
import Testing

@testable import SignatureKit

struct StreetImportTests {
    @Test("Import with a street directory loaded: each address is placed, a wrong ward is an error, an unknown street a warning")
    func importWithDirectory() throws {
        let dir = TestSupport.tempDir()
        let db = try TestSupport.database()
        let directory = TestSupport.write(
            "Straße;von;bis;Seite;Wahlbezirk;Stadtbezirk\nHauptstraße;1;99;gerade;12;Mitte\nHauptstraße;1;99;ungerade;13;Mitte\n",
            in: dir, name: "streets.csv")
        try StreetDirectory.importFile(directory, into: db)
        let csv = TestSupport.write(
            TestSupport.header
                + "S1;ward:12;Müller;Anna;12.03.1980;Hauptstr.;12a;47798;Krefeld;01.05.2025;Aylin\n"
                + "S2;ward:12;Schulz;Jan;01.01.1990;Hauptstraße;13;47798;Krefeld;01.05.2025;Aylin\n"
                + "S3;ward:12;Meier;Eva;02.02.1970;Nirgendweg;1;47798;Krefeld;01.05.2025;Aylin\n", in: dir)
        let s = try db.importSheets(from: csv, enteredBy: "t", today: TestSupport.today)
        #expect(s.stored == 3 && s.storedWithErrors == 1 && s.storedWithWarnings == 1)
        let s1 = try db.sheetDetail("S1")
        #expect(s1.findings.isEmpty && s1.addressWard == 12 && s1.addressDistrict == "Mitte")
        #expect(try db.sheetDetail("S2").findings.map(\.code) == ["wrong-ward"])
        #expect(try db.sheetDetail("S2").addressWard == 13)
        #expect(try db.sheetDetail("S3").findings.map(\.code) == ["ward-unverified"])
    }
}
