import Foundation
import Testing
@testable import HogwildTool

@Suite struct CPUAffinityTests {
    @Test func theAllowedMaskCountsItsCPUs() {
        #expect(CPUAffinity.allowedCPUs(statusText: "Name:\thogwild\nCpus_allowed:\t1\nCpus_allowed_list:\t0\n") == 1)
        #expect(CPUAffinity.allowedCPUs(statusText: "Cpus_allowed:\tff,00000003\n") == 10)
        #expect(CPUAffinity.allowedCPUs(statusText: "Cpus_allowed:\t0000ffff\n") == 16)
        #expect(CPUAffinity.allowedCPUs(statusText: "Name:\thogwild\n") == nil, "no mask line")
        #expect(CPUAffinity.allowedCPUs(statusText: "Cpus_allowed:\tzz\n") == nil, "not hex")
    }

    #if os(Linux)
    @Test func thisProcessRunsOnBetweenOneAndAllOfTheMachinesCPUs() throws {
        let count = try #require(CPUAffinity.allowedCPUs(), "Linux's /proc/self/status has the mask")
        #expect(count >= 1 && count <= ProcessInfo.processInfo.activeProcessorCount)
    }
    #endif
}
