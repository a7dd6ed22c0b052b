# Fabric Planner in a container, for planner sweep --backend k8s (each pod runs planner sweep-task).
# Build the jar first, then the image:
#   ./mvnw -B -DskipTests package
#   docker build -t fabric-planner:0.1.0-SNAPSHOT .
# A plain JRE 17 base and the shaded jar: nothing else is needed at run time.
FROM eclipse-temurin:17-jre
COPY cli/target/fabric-planner.jar /opt/fabric-planner/fabric-planner.jar
WORKDIR /sweep
ENTRYPOINT ["java", "-jar", "/opt/fabric-planner/fabric-planner.jar"]
CMD ["--help"]
