# The JVM options of the image (application.properties), in a JVM that sizes itself as in the chart's
# 512Mi memory limit (-XX:MaxRAM), so heap, collector and resident memory compare with a deployment.
image_jvm_options() {
  echo "-XX:MaxRAM=512m $(sed -n 's/^quarkus.jib.jvm-additional-arguments=//p' src/main/resources/application.properties | tr , ' ')"
}
