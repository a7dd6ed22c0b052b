/**
 * Probing a fleet: the hosts and their classes ({@link dev.fabricplanner.probe.campaign.HostInventory}),
 * the pairs that cover every class pair without all N² host pairs, in rounds where no host is in two
 * tests at once ({@link dev.fabricplanner.probe.campaign.CampaignSchedule}), and one host's part of the
 * campaign ({@link dev.fabricplanner.probe.campaign.CampaignAgent}).
 */
package dev.fabricplanner.probe.campaign;
