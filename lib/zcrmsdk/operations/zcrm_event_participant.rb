# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # An invitee of an Events record (`Participants`). `type` is user, contact, lead or email.
    class ZCRMEventParticipant
      attr_accessor :id, :type, :email, :name, :is_invited, :status

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param participant_type [String] 'lead', 'contact', 'user' or 'email'
      # @param participant_id [String, Integer] the participant id
      # @return [ZCRMSDK::Operations::ZCRMEventParticipant]
      def self.get_instance(participant_type, participant_id)
        new(participant_type, participant_id)
      end

      # @param participant_type [String] 'lead', 'contact', 'user' or 'email'
      # @param participant_id [String, Integer] the participant id
      def initialize(participant_type, participant_id)
        @type = participant_type
        @id = participant_id
      end
    end
  end
end
