// The C library of the platform, imported in one place: the modules of this package
// `import HogwildPlatform` instead of repeating the conditional import in every file.
// Nothing here is re-exported by the `Hogwild` umbrella module.
#if canImport(Glibc)
    @_exported import Glibc
#elseif canImport(Musl)
    @_exported import Musl
#elseif canImport(Darwin)
    @_exported import Darwin
#endif
