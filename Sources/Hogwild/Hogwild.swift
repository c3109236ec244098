// The umbrella module: `import Hogwild` is all a user writes.
@_exported import HogwildSupport
@_exported import HogwildCore
@_exported import HogwildAutograd
@_exported import HogwildData
@_exported import HogwildModels
@_exported import HogwildNetworks
@_exported import HogwildExperiments
@_exported import HogwildDistributed
