package dev.switchboard.gateway.socket;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class SocketRoomsConfiguration {
    @Bean
    SocketRooms socketRooms(SocketServer socketServer) {
        return socketServer.rooms();
    }
}
