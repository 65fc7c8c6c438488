/** The fleet's dashboard JSON, shared with the server routes (one definition, no imports). */
export type {
  AlertDto,
  AnalyticsDto,
  AnalyticsRowDto,
  CommandDto,
  DeviceDto,
  DeviceUptimeDto,
  EventDto,
  HealthPointDto,
  LiveMessageDto,
  MeDto,
  RoomDetailDto,
  RoomSummaryDto,
  SessionStateDto,
  SiteDto,
  TimetableSlotDto,
} from '../../../contract/dashboard.js';
