@_exported import HogwildAutograd
@_exported import HogwildCore
@_exported import HogwildData
@_exported import HogwildDistributed
@_exported import HogwildExperiments
@_exported import HogwildModels
@_exported import HogwildNetworks
// The umbrella module: `import Hogwild` is all a user writes.
@_exported import HogwildSupport
