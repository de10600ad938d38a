import Foundation

/// Where the bundled election files (`districts/elections/*.json`) live once the package is built.
public enum BundledDistricts {
    /// The folder holding one JSON file per election, copied into the resource bundle.
    public static var electionsDirectory: URL? {
        Bundle.module.url(forResource: "elections", withExtension: nil)
    }
}
