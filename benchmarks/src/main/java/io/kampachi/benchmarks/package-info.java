/** JMH benchmarks of Kampachi's packet path, run from benchmarks/target/benchmarks.jar. */
package io.kampachi.benchmarks;
