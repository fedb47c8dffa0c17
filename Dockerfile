# Images of the gateway and the projector, built from this repository (docker compose builds both; see README, "Docker").
#   docker build --target gateway -t switchboard-gateway .
#   docker build --target projector -t switchboard-projector .
# The jars are built inside the first stage, so a machine with only Docker can build the images.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -DskipTests -pl gateway,projector -am package

# One runtime base for both: a JRE, a user without privileges, a readiness probe that needs no curl.
FROM eclipse-temurin:17-jre AS runtime
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid switchboard --home-dir /app --shell /usr/sbin/nologin switchboard
WORKDIR /app
COPY --chmod=0755 docker/ready.sh /app/ready.sh
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75" LOG_FORMAT=json
USER 10001:10001
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]

FROM runtime AS gateway
COPY --from=build --chown=10001:10001 /src/gateway/target/switchboard-gateway.jar /app/app.jar
EXPOSE 5000 8080
# /actuator is on the REST port unless MANAGEMENT_SERVER_PORT moves it (docker-compose.yml does: 9080)
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["sh", "-c", "/app/ready.sh ${MANAGEMENT_SERVER_PORT:-8080}"]

FROM runtime AS projector
COPY --from=build --chown=10001:10001 /src/projector/target/switchboard-projector.jar /app/app.jar
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["/app/ready.sh", "8081"]
